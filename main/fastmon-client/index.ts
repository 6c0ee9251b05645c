/**
 * The fast-monitoring terminal client: follows the station's message stream (`GET /api/messages/stream/`),
 * prints one line per TF sample and a dim line per other message, keeps per-run statistics and returns
 * the summary table on stop. The CLI (main/cli/fastmon-client-command.ts) wires it to stdout, stderr and signals.
 */
import { formatOtherLine, formatSummary, formatTfLine, makeStyler } from './format.js';
import { parseData, toTfEvent } from './messages.js';
import { runSseConnection, type ConnectionNotice, type SseConnectionOptions, type SseEvent } from './sse-connection.js';
import { Tally } from './tally.js';

export { StreamRefusedError } from './sse-connection.js';
export { Tally } from './tally.js';

export const DEFAULT_STREAM_URL = 'http://127.0.0.1:8765/api/messages/stream/';
const STREAM_PATH = '/api/messages/stream/';

/** What the seed's client shows (spec §3): TF samples, plus the agent's end-of-run status. */
export const DEFAULT_MESSAGE_TYPES: readonly string[] = ['tf_file_registered', 'fastmon_status'];

/** The stream's filters; null or empty means no filter of that kind. */
export interface StreamFilterOptions {
  msgTypes?: readonly string[] | null;
  agents?: readonly string[] | null;
  runIds?: readonly string[] | null;
  namespaces?: readonly string[] | null;
}

/** `a, b,,c` → `['a','b','c']`. */
export function parseList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

/**
 * The stream URL with the filters as query parameters. A URL naming only a host (`http://h:8765`) gets the
 * stream's path, since that is what a user pasting the station's address means.
 */
export function streamUrl(base: string, filters: StreamFilterOptions): URL {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`not a URL: "${base}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`the stream URL must be http:// or https://, got "${base}"`);
  if (url.pathname === '/' || url.pathname === '') url.pathname = STREAM_PATH;
  const params: Array<[string, readonly string[] | null | undefined]> = [
    ['msg_types', filters.msgTypes],
    ['agents', filters.agents],
    ['run_ids', filters.runIds],
    ['namespaces', filters.namespaces],
  ];
  for (const [name, values] of params) if (values && values.length > 0) url.searchParams.set(name, values.join(','));
  return url;
}

export interface FastmonClientOptions {
  /** The full stream URL, filters included (see streamUrl). */
  url: URL;
  /** The API key, sent as `Authorization: Token <key>`. */
  token: string;
  /** Receives each display line (no newline). */
  out: (line: string) => void;
  /** Receives each connection notice (no newline). */
  notice: (line: string) => void;
  /** Colour for out / notice lines. */
  color?: { out: boolean; notice: boolean };
  /** Retry and idle settings of the connection. */
  connection?: Pick<SseConnectionOptions, 'initialDelayMs' | 'maxDelayMs' | 'idleTimeoutMs'>;
  /** Prefix of notice lines. Default `fastmon-client`. */
  name?: string;
}

export interface FastmonClient {
  /** Resolves after stop(); rejects with StreamRefusedError when the server refuses the key or the URL. */
  readonly done: Promise<void>;
  readonly tally: Tally;
  /** Message events received (heartbeats and `connected` excluded). */
  readonly events: number;
  /** Ends the connection and returns the summary table. */
  stop(): Promise<string>;
  /** The summary table now. */
  summary(): string;
}

/** Connects and starts printing; see FastmonClient. */
export function startFastmonClient(options: FastmonClientOptions): FastmonClient {
  const started = Date.now();
  const style = makeStyler(options.color?.out ?? false);
  const noticeStyle = makeStyler(options.color?.notice ?? false);
  const name = options.name ?? 'fastmon-client';
  const tally = new Tally();
  const controller = new AbortController();
  let events = 0;
  // The URL without its query: filters are noise in a notice, and no key ever travels in the URL.
  const where = `${options.url.origin}${options.url.pathname}`;

  const onEvent = (event: SseEvent) => {
    if (event.event === 'connected' || event.event === 'heartbeat') return;
    const body = parseData(event.data);
    if (event.event === 'error') {
      // The station's last word before it drops a client (e.g. too slow): the reconnect notice follows.
      options.notice(noticeStyle('yellow', `${name}: server: ${body && typeof body.detail === 'string' ? body.detail : event.data}`));
      return;
    }
    events += 1;
    if (event.event === 'tf_file_registered' && body) {
      const tf = toTfEvent(body);
      tally.add(tf);
      options.out(formatTfLine(tf, style));
    } else {
      options.out(formatOtherLine(event.event, body, event.data, style));
    }
  };

  const onNotice = (notice: ConnectionNotice) => {
    if (notice.kind === 'connected') {
      const line = notice.resumeFrom === null ? `connected to ${where}` : `reconnected to ${where}, resuming after event ${notice.resumeFrom}`;
      options.notice(noticeStyle('green', `${name}: ${line}`));
    } else {
      const verb = notice.wasConnected ? 'disconnected' : 'cannot connect';
      options.notice(noticeStyle('yellow', `${name}: ${verb} (${notice.reason}); retrying in ${(notice.retryInMs / 1000).toFixed(1)} s`));
    }
  };

  const done = runSseConnection({
    url: options.url,
    headers: { Authorization: `Token ${options.token}` },
    signal: controller.signal,
    onEvent,
    onNotice,
    ...options.connection,
  });
  const summary = () => formatSummary(tally, { elapsedMs: Date.now() - started, events }, style);

  return {
    done,
    tally,
    get events() {
      return events;
    },
    summary,
    async stop() {
      controller.abort();
      await done.catch(() => {});
      return summary();
    },
  };
}
