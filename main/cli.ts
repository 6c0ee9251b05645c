import { Command } from 'commander';
import { addAgentCommand } from './cli/agent-command.js';
import { addBenchCommand } from './cli/bench-command.js';
import { addDesktopCommand } from './cli/desktop-command.js';
import { addFastmonClientCommand } from './cli/fastmon-client-command.js';
import { addKeysCommand } from './cli/keys-command.js';
import { addMcpCommand } from './cli/mcp-command.js';
import { addRouterCommand } from './cli/router-command.js';
import { addServeCommand } from './cli/serve-command.js';
import { addStartCommand } from './cli/start-command.js';
import { addTestbedCommand } from './cli/testbed-command.js';

/** The `station` command line: one sub-command per service the station can run on its own. */
const program = new Command('station').description('Control Station: OCS and ePIC testbed control from one place');
program.showHelpAfterError();
addRouterCommand(program);
addAgentCommand(program);
addStartCommand(program);
addBenchCommand(program);
addServeCommand(program);
addDesktopCommand(program);
addTestbedCommand(program);
addMcpCommand(program);
addKeysCommand(program);
addFastmonClientCommand(program);

program.parseAsync(process.argv).catch((error: Error) => {
  process.stderr.write(`station: ${error.message}\n`);
  process.exit(1);
});
