import type { Command } from 'commander';
import { assertRendererBuilt, defaultRendererDir, isLoopbackHost, loadOrCreateTokens, startHeadlessServer, type HeadlessServer } from '../serve/index.js';
import { createStation } from '../station/index.js';
import { parseNumber, stderrLogger, stopOnSignals } from './lifecycle.js';

/** Options shared by `station serve` and the headless fallback of `station desktop`. */
export interface ServeCliOptions {
  port: number;
  host: string;
  wampPort: number;
  siteFile?: string;
  siteHost?: string;
  demo: boolean;
  smurf: boolean;
  dataDir?: string;
  /** Replace the saved access tokens with new ones (old URLs and cookies stop working). */
  newTokens?: boolean;
}

export const SERVE_DEFAULTS = { port: 8765, host: '127.0.0.1', wampPort: 8001 } as const;

/** Adds the headless station's options to a command. */
export function withServeOptions(command: Command): Command {
  return command
    .option('--port <port>', 'HTTP port of the UI and bridge (0 picks a free one)', parseNumber('--port', 0, 65535), SERVE_DEFAULTS.port)
    .option('--host <address>', 'address to bind; anything but loopback exposes the station to the network', SERVE_DEFAULTS.host)
    .option('--wamp-port <port>', 'embedded WAMP router port (0 picks a free one)', parseNumber('--wamp-port', 0, 65535), SERVE_DEFAULTS.wampPort)
    .option('--site-file <file>', "OCS site config: use the site's crossbar instead of the embedded router")
    .option('--site-host <host>', 'host entry of the site config to use')
    .option('--no-demo', 'do not start the in-station demo agents')
    .option('--no-smurf', 'do not start the simulated smurf crate (controllers, monitor, manager)')
    .option('--new-tokens', 'make new access tokens (the control and read-only URLs) instead of reusing the saved ones; old URLs stop working')
    .option('--data-dir <dir>', 'station data directory: the store (run history, data files) and the simulated smurf files (default $STATION_DATA_DIR, else ~/.local/share/control-station)');
}

const TOKEN_ORIGIN_TEXT = { kept: 'reused from', created: 'saved to', rotated: 'replaced by new ones in', replaced: 'replaced by new ones in' } as const;

/** `station serve`: the headless station (renderer over HTTP, IPC over a WebSocket) for any browser. */
export function addServeCommand(program: Command): void {
  withServeOptions(program.command('serve').description('serve the station UI to a browser (headless mode), with the embedded router and Registry'))
    .action((options: ServeCliOptions) => runHeadlessStation(options));
}

/** Starts the station and its HTTP server, prints where to open it and which router it uses, and stops on SIGINT/SIGTERM. */
export async function runHeadlessStation(options: ServeCliOptions, name = 'station serve'): Promise<void> {
  const rendererDir = defaultRendererDir();
  assertRendererBuilt(rendererDir);
  const log = stderrLogger('station');
  const station = await createStation({
    mode: 'headless',
    wampPort: options.wampPort,
    siteFile: options.siteFile,
    siteHost: options.siteHost,
    // Undefined lets the station decide (demo agents only on the embedded router).
    demo: options.demo ? undefined : false,
    smurf: options.smurf ? undefined : false,
    dataDir: options.dataDir,
    log,
  });
  let server: HeadlessServer;
  try {
    // Kept across restarts, so open pages reconnect after the station comes back (their cookie still holds).
    const saved = loadOrCreateTokens(station.dataDir, options.newTokens === true);
    if (saved.warning) process.stderr.write(`${name}: warning: ${saved.warning}\n`);
    process.stderr.write(`${name}: access tokens ${TOKEN_ORIGIN_TEXT[saved.origin]} ${saved.path} (--new-tokens makes new ones)\n`);
    server = await startHeadlessServer({ host: options.host, port: options.port, table: station.table, rendererDir, log, messageStream: { store: station.store }, tokens: saved.tokens });
  } catch (error) {
    await station.close();
    throw error;
  }
  if (!isLoopbackHost(options.host)) {
    process.stderr.write(`${name}: warning: listening on ${options.host}, reachable from other machines; anyone holding the URL below controls the station\n`);
  }
  const running = server;
  // Before the first line: whoever waits for "open …" may signal at once, and must find the handlers in place.
  stopOnSignals(name, async () => {
    await running.close();
    await station.close();
  });
  const connection = station.connection();
  const wamp = station.router
    ? `WAMP router ${station.router.wsUrl} (realm ${station.router.realm}, address root ${station.router.addressRoot})`
    : `WAMP via site ${connection.url} (realm ${connection.realm}, address root ${connection.addressRoot})`;
  process.stdout.write(`${name}: open ${server.url}\n${name}: read-only ${server.readOnlyUrl}\n${name}: ${wamp}\n`);
  if (station.smurf) {
    process.stdout.write(`${name}: simulated smurf crate: ${station.smurf.controllers.length} controllers, manager ${station.smurf.managerAddress}, monitor on UDP port ${station.smurf.udpPort}\n`);
  }
  process.stdout.write(`${name}: station data in ${station.dataDir}\n`);
  process.stdout.write(`${name}: message stream ${new URL(server.url).origin}/api/messages/stream/ (Authorization: Token <key>; station keys create NAME)\n`);
}
