import type { z } from 'zod';
import { isInvokeChannel, type Envelope, type InvokeChannel, type PushChannel, type PushChannels, type ResponseOf } from '../../shared/ipc.js';
import { requestSchemas, type RequestSchemas } from '../../shared/ipc-schemas.js';
import { IpcError } from './ipc-error.js';

/** The contract as main implements it; both bindings (Electron IPC, WebSocket bridge) drive one of these. */
export interface HandlerTable {
  /** Validates channel (isInvokeChannel) and payload (requestSchemas), runs the handler; never throws: errors come back as {ok:false,error:{code,message}}. */
  invoke(channel: unknown, request: unknown): Promise<Envelope<unknown>>;
  /** Raw (unbatched) pushes from the station; bindings batch them. Returns unsubscribe. */
  onPush(listener: (channel: PushChannel, payload: unknown) => void): () => void;
}

/** One handler per invoke channel, receiving the request as parsed by its schema (defaults applied). */
export type Handlers = {
  [C in InvokeChannel]: (request: z.output<RequestSchemas[C]>) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

export type TableLog = (level: 'info' | 'warn' | 'error', message: string) => void;

/** The handler table: request validation, error envelopes and the push fan-out, around plain handler functions. */
export class IpcHandlerTable implements HandlerTable {
  private readonly listeners = new Set<(channel: PushChannel, payload: unknown) => void>();

  constructor(
    private readonly handlers: Handlers,
    private readonly log: TableLog = () => {},
  ) {}

  /** @inheritdoc */
  async invoke(channel: unknown, request: unknown): Promise<Envelope<unknown>> {
    if (!isInvokeChannel(channel)) {
      return failure('unknown_channel', `unknown channel ${describeChannel(channel)}`);
    }
    // JSON has no undefined: a bridge client may send null (or omit the field) for requests without payload.
    const parsed = requestSchemas[channel].safeParse(request === null ? undefined : request);
    if (!parsed.success) return failure('bad_request', `bad request for ${channel}: ${describeIssue(parsed.error)}`);
    try {
      const handler = this.handlers[channel] as (request: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
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
