import type { z } from 'zod';
import { atLeast, channelLevel, type AccessLevel } from '../../shared/access.js';
import { isInvokeChannel, type ConnectionChannel, type Envelope, type InvokeChannel, type PushChannel, type PushChannels, type ResponseOf } from '../../shared/ipc.js';
import { requestSchemas, type RequestSchemas } from '../../shared/ipc-schemas.js';
import type { AccessSettings, ConnectionLock } from './connection-lock.js';
import { IpcError } from './ipc-error.js';

/** The contract as main implements it; both bindings (Electron IPC, WebSocket bridge) drive one of these. */
export interface HandlerTable {
  /**
   * Validates channel (isInvokeChannel) and payload (requestSchemas), runs the handler; never throws: errors come back as {ok:false,error:{code,message}}.
   * `caller` names the front end that sent it (for the audit log); in-process callers leave it out.
   */
  invoke(channel: unknown, request: unknown, caller?: Caller): Promise<Envelope<unknown>>;
  /** Raw (unbatched) pushes from the station; bindings batch them. Returns unsubscribe. */
  onPush(listener: (channel: PushChannel, payload: unknown) => void): () => void;
  /** Where the connections a binding opens start their lock (station.toml `[access]`); default ACCESS_DEFAULTS. */
  readonly accessSettings?: AccessSettings;
}

/** The channels the station answers; the connection channels (access:*) are answered from the caller's lock. */
export type StationChannel = Exclude<InvokeChannel, ConnectionChannel>;

/** One handler per station channel, receiving the request as parsed by its schema (defaults applied). */
export type Handlers = {
  [C in StationChannel]: (request: z.output<RequestSchemas[C]>) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

/**
 * A level a request needs beyond its channel's (e.g. an op whose get_api min_privs is 2); null for none.
 * Consulted only for callers with a lock, after the payload is valid.
 */
export type RequestLevel = (channel: InvokeChannel, request: unknown) => Promise<AccessLevel | null> | AccessLevel | null;

export interface TableOptions {
  accessSettings?: AccessSettings;
  requestLevel?: RequestLevel;
}

export type TableLog = (level: 'info' | 'warn' | 'error', message: string) => void;

/** Who sent a request: `desktop` (Electron IPC) or `bridge <remote address>` (the headless WebSocket bridge). */
export interface Caller {
  client: string;
  /** The connection's lock: every request is checked against it. In-process callers have none and are not gated. */
  lock?: ConnectionLock;
}

/** A validated request after its handler settled, as the audit hook sees it. */
export interface SettledRequest {
  channel: InvokeChannel;
  /** The request as its schema parsed it (defaults applied). */
  request: unknown;
  caller: Caller | undefined;
  /** Unix ms when the handler was called. */
  startedAt: number;
  durationMs: number;
  envelope: Envelope<unknown>;
}

/** Sees the settled requests of the channels it audits; a throwing record() is logged and never changes the reply. */
export interface AuditHook {
  audits(channel: InvokeChannel): boolean;
  record(settled: SettledRequest): void;
}

/** The handler table: request validation, error envelopes and the push fan-out, around plain handler functions. */
export class IpcHandlerTable implements HandlerTable {
  private readonly listeners = new Set<(channel: PushChannel, payload: unknown) => void>();

  readonly accessSettings?: AccessSettings;

  constructor(
    private readonly handlers: Handlers,
    private readonly log: TableLog = () => {},
    private readonly audit?: AuditHook,
    private readonly options: TableOptions = {},
  ) {
    this.accessSettings = options.accessSettings;
  }

  /** @inheritdoc */
  async invoke(channel: unknown, request: unknown, caller?: Caller): Promise<Envelope<unknown>> {
    if (!isInvokeChannel(channel)) {
      return failure('unknown_channel', `unknown channel ${describeChannel(channel)}`);
    }
    const lock = caller?.lock;
    // Refused before the payload is even read: a locked connection's action never reaches a handler (nor the audit log).
    const refused = lock?.refusal(channel, channelLevel(channel));
    if (refused) return failure('forbidden', refused);
    // JSON has no undefined: a bridge client may send null (or omit the field) for requests without payload.
    const parsed = requestSchemas[channel].safeParse(request === null ? undefined : request);
    if (!parsed.success) return failure('bad_request', `bad request for ${channel}: ${describeIssue(parsed.error)}`);
    if (lock) {
      const needed = await this.neededLevel(channel, parsed.data);
      const refusal = lock.refusal(channel, needed);
      if (refusal) return failure('forbidden', refusal);
      lock.use(needed);
    }
    // Only validated requests are audited: a payload its schema refused never reached a handler.
    if (!this.audit?.audits(channel)) return this.run(channel, parsed.data, lock);
    const startedAt = Date.now();
    const started = performance.now();
    const envelope = await this.run(channel, parsed.data, lock);
    try {
      this.audit.record({ channel, request: parsed.data, caller, startedAt, durationMs: performance.now() - started, envelope });
    } catch (error) {
      // The action happened: failing to record it must not turn its reply into an error.
      this.log('warn', `audit log: cannot record ${channel}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return envelope;
  }

  /** The channel's level, raised by the request's own (an op's min_privs); a failing lookup leaves the channel's. */
  private async neededLevel(channel: InvokeChannel, request: unknown): Promise<AccessLevel> {
    const base = channelLevel(channel);
    try {
      const extra = await this.options.requestLevel?.(channel, request);
      return extra && !atLeast(base, extra) ? extra : base;
    } catch {
      // The handler meets the same trouble (agent gone, no router) and reports it in its reply.
      return base;
    }
  }

  private async run(channel: InvokeChannel, request: unknown, lock: ConnectionLock | undefined): Promise<Envelope<unknown>> {
    try {
      if (channel === 'access:get' || channel === 'access:set') return { ok: true, value: connectionRequest(channel, request, lock) };
      const handler = this.handlers[channel] as (request: unknown) => unknown;
      return { ok: true, value: await handler(request) };
    } catch (error) {
      if (error instanceof IpcError) return failure(error.code, error.message);
      const message = error instanceof Error ? error.message : String(error);
      this.log('error', `${channel} handler failed: ${error instanceof Error && error.stack ? error.stack : message}`);
      return failure('internal', `${channel} failed: ${message}`);
    }
  }

  /** @inheritdoc */
  onPush(listener: (channel: PushChannel, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Sends a push to every listener (each binding batches on its own). A throwing listener does not stop the others. */
  publish<C extends PushChannel>(channel: C, payload: PushChannels[C]): void {
    for (const listener of this.listeners) {
      try {
        listener(channel, payload);
      } catch (error) {
        this.log('error', `push listener for ${channel} failed: ${(error as Error).message}`);
      }
    }
  }
}

/** access:get / access:set on the caller's own lock. */
function connectionRequest(channel: ConnectionChannel, request: unknown, lock: ConnectionLock | undefined): unknown {
  if (!lock) throw new IpcError('bad_request', `${channel} is about the calling connection's lock; in-process callers have none (use the bridge or the desktop window)`);
  return channel === 'access:get' ? lock.view() : lock.set((request as { level: AccessLevel }).level);
}

function failure(code: string, message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

function describeChannel(channel: unknown): string {
  if (typeof channel === 'string') return JSON.stringify(channel.length > 80 ? `${channel.slice(0, 80)}…` : channel);
  return `(${channel === null ? 'null' : typeof channel}, expected a channel name)`;
}

/** "field 'address': …" for the first zod issue; the request itself when the issue has no path. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.map(String).join('.');
  return path ? `field '${path}': ${issue.message}` : `request: ${issue.message}`;
}
