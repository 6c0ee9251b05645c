/** An in-test StationApi (the renderer's only dependency): scripted handlers per channel, pushes on demand, a call log. */
import type { InvokeChannel, PushChannel, PushChannels, RequestOf, ResponseOf, StationApi } from '../../../shared/ipc.js';
import type { AgentApi, EncodedSession } from '../../../shared/ocs-codes.js';
import type { AgentRow } from '../../../shared/ipc.js';

type Handler<C extends InvokeChannel> = (request: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;

export class FakeStation implements StationApi {
  readonly calls: Array<{ channel: InvokeChannel; request: unknown }> = [];
  private readonly handlers = new Map<InvokeChannel, Handler<InvokeChannel>>();
  private readonly listeners = new Map<PushChannel, Set<(payload: unknown) => void>>();

  handle<C extends InvokeChannel>(channel: C, handler: Handler<C>): this {
    this.handlers.set(channel, handler as unknown as Handler<InvokeChannel>);
    return this;
  }

  async invoke<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
    this.calls.push({ channel, request });
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`${channel}: no handler in this test`);
    return (await handler(request as RequestOf<InvokeChannel>)) as ResponseOf<C>;
  }

  on<C extends PushChannel>(channel: C, listener: (payload: PushChannels[C]) => void): () => void {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener as (payload: unknown) => void);
    return () => set.delete(listener as (payload: unknown) => void);
  }

  push<C extends PushChannel>(channel: C, payload: PushChannels[C]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(payload);
  }

  listenerCount(channel: PushChannel): number {
    return this.listeners.get(channel)?.size ?? 0;
  }

  callsTo(channel: InvokeChannel): unknown[] {
    return this.calls.filter((call) => call.channel === channel).map((call) => call.request);
  }
}

/** A grid row with sensible defaults. */
export function row(address: string, patch: Partial<AgentRow> = {}): AgentRow {
  return { address, agentClass: 'FakeAgent', lastHeartbeat: 1_000, expired: false, timeExpired: null, opCodes: { acq: 1 }, ...patch };
}

/** An encoded session with sensible defaults. */
export function session(opName: string, patch: Partial<EncodedSession> = {}): EncodedSession {
  return {
    session_id: 1,
    op_name: opName,
    op_code: 3,
    cred_level: 1,
    status: 'running',
    degraded: false,
    success: null,
    start_time: 1_000,
    end_time: null,
    data: {},
    messages: [[1_000, 'Status is now "running".']],
    ...patch,
  };
}

/** get_api of an agent with one task `delay_task(delay=5, succeed=True, note='x')` and one process `acq`. */
export function agentApi(patch: Partial<AgentApi> = {}): AgentApi {
  return {
    agent_class: 'FakeAgent',
    instance_hostname: 'host1',
    instance_pid: 4242,
    feeds: [],
    tasks: [
      [
        'delay_task',
        { op_name: 'delay_task', status: 'no_history' },
        { blocking: true, abortable: true, docstring: "delay_task(delay=5, succeed=True, note='x')\n\n**Task** - Sleep for a while.", op_type: 'task', min_privs: 1 },
      ],
    ],
    processes: [['acq', { op_name: 'acq', status: 'no_history' }, { blocking: true, docstring: 'acq(rate=1.5)\n\n**Process** - Acquire.', op_type: 'process', min_privs: 1 }]],
    ...patch,
  };
}
