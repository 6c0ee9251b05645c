// Child-process entry: N lite PysmurfControllers (`bench-ctrl-NN`, stream ids `benchNN`) for the fan-out bench.
// Usage: <entry> <ws-url> <realm> <count> <op-ms>; prints SMURF_CONTROLLERS_READY once all have joined.
import { silentLogger } from '../ocs/logger.js';
import { exitWithParent } from './child-io.js';
import { CONTROLLERS_READY, createLiteController } from './smurf-lite-controller.js';

exitWithParent();
const [url, realm, count, opMs] = process.argv.slice(2);
const controllers = Array.from({ length: Number(count) }, (_, i) => {
  const id = String(i).padStart(2, '0');
  const lite = createLiteController({ instanceId: `bench-ctrl-${id}`, streamId: `bench${id}`, logger: silentLogger, behaviour: { durationMs: Number(opMs) } });
  lite.agent.connect({ url, realm });
  return lite;
});
await Promise.all(controllers.map((c) => c.agent.whenReady(30_000)));
process.stdout.write(`${CONTROLLERS_READY}\n`);
