// Child-process entry of the fastmon bench: one renderer-like client of the headless bridge WebSocket.
// Config (argv[2], JSON): {url, channel, settleMs}. Prints READY once open, then per `END <n>` on stdin the
// report (see fastmon-clients.ts): items received on `channel`, push frames, receive − send per item.
import WebSocket from 'ws';
import type { BridgeMessage } from '../../shared/ipc.js';
import { announceReady, hrtimeMs, onEndCommand, report, SENT_FIELD, settle, summarizeLatency } from './fastmon-clients.js';

interface Config {
  url: string;
  channel: string;
  settleMs: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as Config;
const latencies: number[] = [];
let received = 0;
let frames = 0;
let duplicates = 0;
let lastId = -1;
let lastAt = 0;
let closed = false;

const socket = new WebSocket(config.url, { perMessageDeflate: false });
socket.on('message', (data: WebSocket.RawData) => {
  const at = hrtimeMs();
  const message = JSON.parse(data.toString()) as BridgeMessage;
  if (message.kind !== 'push' || message.channel !== config.channel) return;
  frames += 1;
  lastAt = at;
  for (const item of message.payload as Array<{ id: number; body: Record<string, unknown> }>) {
    if (item.id <= lastId) {
      duplicates += 1;
      continue;
    }
    lastId = item.id;
    received += 1;
    latencies.push(at - Number(item.body[SENT_FIELD]));
  }
});
socket.on('close', () => (closed = true));
socket.on('error', (error) => {
  process.stderr.write(`bridge client: ${error.message}\n`);
  process.exit(2);
});
socket.once('open', () => announceReady());

onEndCommand((expected) => {
  void settle(() => received >= expected || closed, () => lastAt, config.settleMs).then(() =>
    report({ received: [received], duplicates, dropped: closed ? 1 : 0, frames, lastAt, latency_ms: summarizeLatency(latencies) }),
  );
});
