/**
 * One PysmurfController in its own process (for the kill -9 cases):
 * `node --import tsx controller-child.ts lite <ws-url> <instance-id> <stream-id> <op-duration-ms>` (a lite controller) or
 * `node --import tsx controller-child.ts real <ws-url> <instance-id> <stream-id> <slot> <data-dir>` (the real one, simulated site).
 * Prints "ready" once registered.
 */
import { createPysmurfController, DEFAULT_SMURF_SITE_FILE, loadSmurfSite } from '../../../main/agents/pysmurf-controller/index.js';
import { createLiteController } from '../../../main/bench/smurf-lite-controller.js';
import { silentLogger } from '../../../main/ocs/logger.js';

const [kind, url, instanceId, streamId, extra, dataDir] = process.argv.slice(2);
const agent =
  kind === 'real'
    ? createPysmurfController({ instanceId, streamId, crate: 1, slot: Number(extra), site: loadSmurfSite(DEFAULT_SMURF_SITE_FILE, { dataDir }), udp: { host: '127.0.0.1', port: 9 }, logger: silentLogger })
    : createLiteController({ instanceId, streamId, logger: silentLogger, behaviour: { durationMs: Number(extra) } }).agent;
agent.connect({ url, realm: 'test_realm' });
await agent.whenReady();
process.stdout.write('ready\n');
