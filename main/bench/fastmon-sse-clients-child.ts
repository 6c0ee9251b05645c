// Child-process entry of the fastmon bench: N SSE clients of one stream URL (`Authorization: Token <key>`).
// Config (argv[2], JSON): {url, key, clients, eventType, settleMs}. Prints READY once every client has its
// `connected` event, then per `END <n>` on stdin the report (see fastmon-clients.ts).
// Parsing is kept to what the figures need (event type, id, the send time), so the clients cost little CPU.
import { request, type IncomingMessage } from 'node:http';
import { announceReady, hrtimeMs, onEndCommand, report, SENT_FIELD, settle, summarizeLatency } from './fastmon-clients.js';

interface Config {
  url: string;
  key: string;
  clients: number;
  eventType: string;
  settleMs: number;
}

interface Client {
  received: number;
  lastId: number;
  connected: boolean;
  dropped: boolean;
}

const config = JSON.parse(process.argv[2] ?? '{}') as Config;
const SENT_MARK = `"${SENT_FIELD}": `;
const latencies: number[] = [];
const clients: Client[] = [];
let duplicates = 0;
let lastAt = 0;
let onAllConnected = () => {};
const allConnected = new Promise<void>((resolve) => (onAllConnected = resolve));

/** One event, `text[start, end)`: `id:`, `event:` and `data:` lines in the stream's order, read without splitting. */
function handleEvent(client: Client, text: string, start: number, end: number, at: number): void {
  let id = -1;
  let line = start;
  if (text.startsWith('id: ', line)) {
    const eol = text.indexOf('\n', line);
    id = Number(text.slice(line + 4, eol));
    line = eol + 1;
  }
  let type = 'message';
  if (text.startsWith('event: ', line)) {
    const eol = text.indexOf('\n', line);
    type = text.slice(line + 7, eol);
    line = eol + 1;
  }
  if (type === 'connected') {
    client.connected = true;
    if (clients.every((c) => c.connected)) onAllConnected();
    return;
  }
  if (type === 'error') {
    client.dropped = true;
    return;
  }
  if (type !== config.eventType) return;
  if (id !== -1 && id <= client.lastId) {
    duplicates += 1;
    return;
  }
  client.lastId = id;
  client.received += 1;
  lastAt = at;
  const mark = text.indexOf(SENT_MARK, line);
  if (mark >= 0 && mark < end) latencies.push(at - Number.parseFloat(text.slice(mark + SENT_MARK.length, mark + SENT_MARK.length + 32)));
}

function open(client: Client): void {
  const req = request(config.url, { headers: { Authorization: `Token ${config.key}`, Accept: 'text/event-stream' }, agent: false });
  req.on('response', (res: IncomingMessage) => {
    if (res.statusCode !== 200) {
      process.stderr.write(`SSE client: HTTP ${res.statusCode}\n`);
      process.exit(2);
    }
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => {
      const at = hrtimeMs();
      buffer = buffer === '' ? chunk : buffer + chunk;
      let start = 0;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n', start)) {
        handleEvent(client, buffer, start, end, at);
        start = end + 2;
      }
      buffer = start === buffer.length ? '' : buffer.slice(start);
    });
    res.on('close', () => (client.dropped ||= !finished));
  });
  req.on('error', (error) => {
    process.stderr.write(`SSE client: ${error.message}\n`);
    client.dropped = true;
  });
  req.end();
}

let finished = false;
onEndCommand((expected) => {
  void settle(() => clients.every((c) => c.received >= expected || c.dropped), () => lastAt, config.settleMs).then(() => {
    finished = true;
    report({
      received: clients.map((c) => c.received),
      duplicates,
      dropped: clients.filter((c) => c.dropped).length,
      frames: 0,
      lastAt,
      latency_ms: summarizeLatency(latencies),
    });
  });
});
for (let i = 0; i < config.clients; i += 1) clients.push({ received: 0, lastId: -1, connected: false, dropped: false });
for (const client of clients) open(client);
await allConnected;
announceReady();
