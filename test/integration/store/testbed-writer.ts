/**
 * Child process of the testbed concurrency test: waits for a `go` line on stdin (so all writers start
 * together), opens the station store in `argv[2]`, then for `argv[4]` rounds takes one of each
 * counter, races for a shared execution id, records its own message plus two messages every writer
 * also records (one with a broker id, one without), heartbeats and logs. Prints one JSON line of what
 * it got, then exits.
 */
import { createInterface } from 'node:readline';
import { openStationStore, type TestbedStore } from '../../../main/store/index.js';

const [dir, label, roundsText] = process.argv.slice(2);
if (!dir || !label || !roundsText) throw new Error('usage: testbed-writer <data dir> <label> <rounds>');
const rounds = Number(roundsText);
const got = { agentIds: [] as number[], executionIds: [] as string[], runNumbers: [] as number[], claimed: [] as number[], inserted: 0, duplicates: 0 };

function round(tb: TestbedStore, i: number): void {
  got.agentIds.push(tb.nextAgentId());
  got.executionIds.push(tb.nextExecutionId('stf_datataking', label));
  got.runNumbers.push(tb.nextRunNumber());
  try {
    tb.createExecution({ executionId: `shared-${i}`, workflowName: 'w', namespace: 'ns', configName: '', params: { by: label }, executedBy: label, startedAt: Date.now() });
    got.claimed.push(i);
  } catch (error) {
    if (!/already exists/.test((error as Error).message)) throw error;
  }
  const now = Date.now();
  for (const message of [
    { messageId: `ID:${label}-${i}`, body: { msg_type: 'own', sender: label, seq: i } },
    { messageId: `ID:shared-${i}`, body: { msg_type: 'shared_with_id', seq: i, from: label } },
    { messageId: null, body: { msg_type: 'shared_body', seq: i } },
  ]) {
    const result = tb.recordMessage({ ...message, destination: '/topic/epictopic', receivedAt: now });
    if (result.inserted) got.inserted++;
    else got.duplicates++;
  }
  tb.recordHeartbeat({ instanceName: `agent-${label}`, agentType: 'DATA', status: 'OK', operationalState: 'PROCESSING', namespace: 'ns', pid: process.pid, hostname: 'h', description: `round ${i}`, mqConnected: true, at: now });
  tb.appendLog({ instanceName: `agent-${label}`, level: 'INFO', message: `round ${i}`, at: now });
}

const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
lines.once('line', () => {
  // Opened only on `go`, so the writers also race to create and migrate a fresh file.
  const store = openStationStore(dir);
  for (let i = 0; i < rounds; i++) round(store.testbed, i);
  store.close();
  process.stdout.write(`${JSON.stringify(got)}\n`);
  lines.close();
});
