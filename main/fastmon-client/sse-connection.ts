/**
 * A resuming Server-Sent Events connection over Node's fetch: eventsource-parser reads the streaming
 * body, a dropped connection or failed attempt is retried with doubling backoff, and each reconnect sends
 * `Last-Event-ID` of the last event that carried an id, so the station replays exactly what was missed.
 * Refusals that a retry cannot fix (401/403 and other 4xx) end it with a StreamRefusedError.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** One event as delivered: `event` defaults to `message`, as for a browser EventSource. */
export interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
}

/** What the connection reports about itself. */
export type ConnectionNotice =
  | { kind: 'connected'; attempt: number; resumeFrom: string | null }
  | { kind: 'disconnected'; reason: string; retryInMs: number; /** Whether this attempt had got through (else it failed to connect). */ wasConnected: boolean };

/** The server refused the stream for a reason retrying cannot fix. */
export class StreamRefusedError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(`HTTP ${status}: ${detail}`);
    this.name = 'StreamRefusedError';
  }
}

export interface SseConnectionOptions {
  url: URL;
  /** Sent on every attempt (e.g. Authorization). */
  headers?: Record<string, string>;
  /** Aborting it ends the connection; run() then resolves. */
  signal: AbortSignal;
  onEvent: (event: SseEvent) => void;
  onNotice?: (notice: ConnectionNotice) => void;
  /** First retry delay (ms). Default 500. */
  initialDelayMs?: number;
  /** Longest retry delay (ms). Default 10 000. */
  maxDelayMs?: number;
  /** A connection silent this long (ms) is treated as dead. Default 90 000: three of the station's 30 s heartbeats. */
  idleTimeoutMs?: number;
  /** Resume after this event id on the first attempt already. */
  lastEventId?: string;
}

/** Why one attempt ended (a shutdown is not reported). */
type AttemptEnd = { kind: 'dropped'; reason: string; connected: boolean } | { kind: 'shutdown' };

/** Runs the connection until `signal` aborts (resolves) or the server refuses it (rejects with StreamRefusedError). */
export async function runSseConnection(options: SseConnectionOptions): Promise<void> {
  const initialDelay = options.initialDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 10_000;
  let lastEventId = options.lastEventId ?? null;
  let delay = initialDelay;
  for (let attempt = 1; !options.signal.aborted; attempt += 1) {
    const end = await attemptOnce(options, attempt, lastEventId, (id) => (lastEventId = id));
    if (end.kind === 'shutdown') return;
    // A connection that got through resets the backoff; repeated failed attempts keep doubling it.
    if (end.connected) delay = initialDelay;
    options.onNotice?.({ kind: 'disconnected', reason: end.reason, retryInMs: delay, wasConnected: end.connected });
    try {
      await sleep(delay, undefined, { signal: options.signal });
    } catch {
      return; // aborted while waiting
    }
    delay = Math.min(delay * 2, maxDelay);
  }
}

async function attemptOnce(options: SseConnectionOptions, attempt: number, lastEventId: string | null, setLastEventId: (id: string) => void): Promise<AttemptEnd> {
  const { signal } = options;
  // One controller per attempt, so the idle watchdog can end this attempt without ending the client.
  const attemptController = new AbortController();
  const onShutdown = () => attemptController.abort();
  signal.addEventListener('abort', onShutdown, { once: true });
  const idleMs = options.idleTimeoutMs ?? 90_000;
  let idle: NodeJS.Timeout | undefined;
  let timedOut = false;
  const armIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      timedOut = true;
      attemptController.abort();
    }, idleMs);
  };
  let connected = false;
  const ended = (error: unknown): AttemptEnd => {
    if (signal.aborted) return { kind: 'shutdown' };
    if (timedOut) return { kind: 'dropped', reason: `no data for ${idleMs / 1000} s`, connected };
    return { kind: 'dropped', reason: describeError(error), connected };
  };
  try {
    const headers: Record<string, string> = { Accept: 'text/event-stream', 'Cache-Control': 'no-cache', ...options.headers };
    if (lastEventId !== null) headers['Last-Event-ID'] = lastEventId;
    armIdle();
    // Redirects are followed (a missing trailing slash); fetch drops Authorization on a cross-origin one, which then shows as a 401.
    const response = await fetch(options.url, { headers, signal: attemptController.signal });
    if (response.status !== 200) {
      const detail = await responseDetail(response);
      // 408 and 429 are worth retrying; every other 4xx (bad key, revoked key, wrong path) would fail the same way again.
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
        throw new StreamRefusedError(response.status, detail);
      }
      return { kind: 'dropped', reason: `HTTP ${response.status}: ${detail}`, connected };
    }
    const type = response.headers.get('content-type') ?? '';
    if (!type.startsWith('text/event-stream')) {
      await response.body?.cancel();
      throw new StreamRefusedError(200, `not an event stream (Content-Type ${type || 'missing'}): check the URL`);
    }
    if (!response.body) return { kind: 'dropped', reason: 'response without a body', connected };
    connected = true;
    options.onNotice?.({ kind: 'connected', attempt, resumeFrom: lastEventId });
    const parser = createParser({
      onEvent: (message: EventSourceMessage) => {
        // Only message events carry ids (connected and heartbeat do not), so the resume point is the last message seen.
        if (message.id !== undefined && message.id !== '') setLastEventId(message.id);
        options.onEvent({ id: message.id, event: message.event ?? 'message', data: message.data });
      },
    });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      armIdle();
      parser.feed(decoder.decode(value, { stream: true }));
    }
    return ended(new Error('the server closed the stream'));
  } catch (error) {
    if (error instanceof StreamRefusedError) throw error;
    return ended(error);
  } finally {
    clearTimeout(idle);
    signal.removeEventListener('abort', onShutdown);
    attemptController.abort(); // releases the socket of an unfinished body
  }
}

/** The DRF-style `{detail}` of a refusal, else the start of the body, else the status text. */
async function responseDetail(response: Response): Promise<string> {
  let body = '';
  try {
    body = await response.text();
  } catch {
    // The status alone will do.
  }
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && typeof (parsed as { detail?: unknown }).detail === 'string') return (parsed as { detail: string }).detail;
  } catch {
    // Not JSON.
  }
  const text = body.replace(/\s+/g, ' ').trim().slice(0, 200);
  return text || response.statusText || 'no detail';
}

/** fetch reports network failures as `TypeError: fetch failed` with the real error (ECONNREFUSED, …) as its cause. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: string }).code;
    if (code === 'UND_ERR_SOCKET') return `connection lost: ${cause.message}`;
    return code && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message;
  }
  if ((error as Error & { code?: string }).code === 'UND_ERR_SOCKET' || error.message === 'terminated') return 'connection lost';
  return error.message;
}
