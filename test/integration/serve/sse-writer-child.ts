/**
 * Child process of the cross-process stream test: opens the station store in `argv[2]` and, for each stdin
 * line `<count> <gapMs>`, records `count` testbed messages in namespace `argv[3]`, `gapMs` apart, printing
 * `wrote <id>` after each commit and `done` after the batch. Prints `ready` once the store is open.
 */
import { createInterface } from 'node:readline';
import { openStationStore } from '../../../main/store/index.js';

const [dir, namespace] = process.argv.slice(2);
if (!dir || !namespace) throw new Error('usage: sse-writer-child <data dir> <namespace>');
const store = openStationStore(dir);
let seq = 0;
const say = (line: string) => process.stdout.write(`${line}\n`);

const lines = createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on('line', (line) => {
  const [count, gapMs] = line.split(' ').map(Number);
  queue = queue.then(async () => {
    for (let i = 0; i < count; i += 1) {
      seq += 1;
      const body = { msg_type: 'stf_gen', sender: 'other-process', namespace, run_id: '200020', sequence: seq, pid: process.pid };
      say(`wrote ${store.testbed.recordMessage({ destination: '/topic/epictopic', body, receivedAt: Date.now() }).id}`);
      if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
    say('done');
  });
});
lines.on('close', () => void queue.then(() => store.close()));
say('ready');
