/** The handler table's audit hook, the station's recorder over it, and how entries describe requests. */
import { describe, expect, it } from 'vitest';
import { AUDITED_CHANNELS, auditEntryMatches, scrubSecrets, type AuditEntry } from '../../../../shared/audit.js';
import type { InvokeChannel } from '../../../../shared/ipc.js';
import { IpcHandlerTable, type AuditHook, type Handlers, type SettledRequest } from '../../../../main/ipc/handler-table.js';
import { IpcError } from '../../../../main/ipc/ipc-error.js';
import { auditOutcome, auditTarget } from '../../../../main/station/audit-describe.js';
import { createAuditRecorder } from '../../../../main/station/audit-recorder.js';
import type { NewAuditEntry } from '../../../../main/store/audit-log.js';

const REPLY = { status: 0, message: 'Started task acq.', session: { session_id: 1, op_name: 'acq', op_code: 2, status: 'starting', success: null, data: { big: 'x' }, messages: [] } };

/** Every handler answers `answer(channel, request)`. */
function handlers(answer: (channel: string, request: unknown) => unknown): Handlers {
  return new Proxy({}, { get: (_target, channel: string) => (request: unknown) => answer(channel, request) }) as Handlers;
}

/** A hook that keeps what it saw for the channels in `channels`. */
function spyHook(channels: string[], fail = false): AuditHook & { seen: SettledRequest[] } {
  const seen: SettledRequest[] = [];
  return {
    seen,
    audits: (channel) => channels.includes(channel),
    record(settled) {
      if (fail) throw new Error('disk full');
      seen.push(settled);
    },
  };
}

describe('IpcHandlerTable audit hook', () => {
  it('records an audited request after its handler settled, with the parsed request, caller, time and envelope', async () => {
    const hook = spyHook(['op:start']);
    const table = new IpcHandlerTable(handlers(() => REPLY), () => {}, hook);
    const before = Date.now();
    const envelope = await table.invoke('op:start', { address: 'observatory.a', op: 'acq' }, { client: 'bridge 127.0.0.1' });
    expect(envelope).toEqual({ ok: true, value: REPLY });
    expect(hook.seen).toHaveLength(1);
    const [settled] = hook.seen;
    expect(settled).toMatchObject({ channel: 'op:start', request: { address: 'observatory.a', op: 'acq', params: {} }, caller: { client: 'bridge 127.0.0.1' }, envelope });
    expect(settled.startedAt).toBeGreaterThanOrEqual(before);
    expect(settled.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('records handler failures as their error envelope, and leaves other channels and refused payloads alone', async () => {
    const hook = spyHook(['testbed:run']);
    const table = new IpcHandlerTable(
      handlers((channel) => {
        if (channel === 'testbed:run') throw new IpcError('bad_request', 'supervisord is not installed');
        return { ok: true };
      }),
      () => {},
      hook,
    );
    await table.invoke('connection:get', undefined);
    await table.invoke('testbed:run', { nonsense: 1 });
    const envelope = await table.invoke('testbed:run', undefined);
    expect(envelope).toEqual({ ok: false, error: { code: 'bad_request', message: 'supervisord is not installed' } });
    expect(hook.seen.map((s) => [s.channel, s.caller, s.envelope])).toEqual([['testbed:run', undefined, envelope]]);
  });

  it('answers as usual when recording fails, with a warning', async () => {
    const warnings: string[] = [];
    const table = new IpcHandlerTable(handlers(() => REPLY), (level, message) => warnings.push(`${level}: ${message}`), spyHook(['op:stop'], true));
    expect(await table.invoke('op:stop', { address: 'observatory.a', op: 'acq' })).toEqual({ ok: true, value: REPLY });
    expect(warnings).toEqual(['warn: audit log: cannot record op:stop: disk full']);
  });
});

describe('createAuditRecorder', () => {
  const record = (channel: string, request: unknown, envelope: SettledRequest['envelope'], client?: string) => {
    const appended: NewAuditEntry[] = [];
    const pushed: AuditEntry[][] = [];
    const recorder = createAuditRecorder({ user: 'alice', log: { append: (entry) => (appended.push(entry), { ...entry, id: appended.length }) }, publish: (entries) => pushed.push(entries) });
    expect(recorder.audits(channel as InvokeChannel)).toBe(AUDITED_CHANNELS.includes(channel));
    recorder.record({ channel: channel as InvokeChannel, request, caller: client ? { client } : undefined, startedAt: 1000, durationMs: 2.5, envelope });
    expect(pushed).toEqual([[{ ...appended[0], id: 1 }]]);
    return appended[0];
  };

  it('records a fan-out with its stream ids and a summary of the session', () => {
    const request = { address: 'observatory.smurf-manager', op: 'run', params: { script: 'tune.py', stream_ids: ['s1', 's2'] } };
    expect(record('op:start', request, { ok: true, value: REPLY }, 'desktop')).toEqual({
      time: 1000,
      user: 'alice',
      client: 'desktop',
      action: 'op:start',
      target: 'observatory.smurf-manager run [s1, s2]',
      params: request,
      ok: true,
      errorCode: null,
      message: 'Started task acq.',
      result: { status: 0, session: { op_name: 'acq', session_id: 1, op_code: 2, status: 'starting', success: null } },
      durationMs: 2.5,
    });
  });

  it('records an agent refusal as ocs_error, and an in-process caller as station', () => {
    const entry = record('op:start', { address: 'observatory.a', op: 'acq', params: {} }, { ok: true, value: { status: -1, message: 'acq is already running', session: null } });
    expect(entry).toMatchObject({ client: 'station', ok: false, errorCode: 'ocs_error', message: 'acq is already running' });
  });

  it('never records secrets: secret-named keys at any depth and URL credentials', () => {
    const request = { address: 'observatory.a', op: 'login', params: { password: 'p', api_key: 'k', nested: [{ Token: 't', keep: 1 }], url: 'wss://bob:pw@h/ws?token=x&realm=r' } };
    expect(record('op:start', request, { ok: true, value: REPLY }).params).toEqual({ address: 'observatory.a', op: 'login', params: { nested: [{ keep: 1 }], url: 'wss://h/ws?realm=r' } });
  });

  it('records alarm acknowledgements, and names the target of a channel without its own description generically', () => {
    expect(record('alarms:ack', { id: 7 }, { ok: true, value: { id: 7, state: 'acknowledged' } }, 'desktop')).toMatchObject({ action: 'alarms:ack', target: 'alarm 7', params: { id: 7 }, ok: true, result: { id: 7, state: 'acknowledged' } });
    expect(auditTarget('future:thing', { name: 'x', other: 1 })).toBe('x');
    expect(auditTarget('future:thing', { alarmIds: [1, 2] })).toBe('1, 2');
    expect(auditTarget('future:thing', undefined)).toBe('');
  });
});

describe('audit descriptions', () => {
  it('names targets per channel', () => {
    expect(auditTarget('op:abort', { address: 'observatory.a', op: 'acq' })).toBe('observatory.a acq');
    expect(auditTarget('op:start', { address: 'm', op: 'run', params: { stream_ids: [] } })).toBe('m run [all]');
    expect(auditTarget('testbed:agent', { action: 'restart', name: 'swf-data-agent' })).toBe('supervisord program swf-data-agent');
    expect(auditTarget('testbed:run', { config: { name: 'fast', source: 'builtin' }, params: {} })).toBe('testbed workflow (builtin config fast)');
    expect(auditTarget('testbed:stop-workflow', {})).toBe('testbed execution (current)');
    expect(auditTarget('connection:set', { kind: 'url', url: 'ws://u:p@h/ws', realm: 'r', addressRoot: 'o' })).toBe('router ws://h/ws (realm r)');
    expect(auditTarget('testbed:stop-agents', undefined)).toBe('supervisord (all testbed agents)');
  });

  it('reduces a testbed:agent status to the program acted on and calls a failed connection switch an error', () => {
    const status = { programs: [{ name: 'a', state: 'RUNNING' }, { name: 'b', state: 'STOPPED' }], agents: [] };
    expect(auditOutcome({ ok: true, value: status }, 'testbed:agent', { action: 'stop', name: 'b' }).result).toEqual({ name: 'b', state: 'STOPPED' });
    const state = { target: { kind: 'embedded' }, url: 'ws://h/ws', realm: 'r', addressRoot: 'o', status: 'disconnected', detail: 'refused' };
    expect(auditOutcome({ ok: true, value: state }, 'connection:set')).toMatchObject({ ok: false, errorCode: 'not_connected', message: 'refused' });
  });

  it('caps big results', () => {
    const outcome = auditOutcome({ ok: true, value: { text: 'x'.repeat(10_000) } });
    expect(outcome.result).toMatchObject({ truncated: true });
  });

  it('matches entries against a filter as the store does', () => {
    const entry = { id: 1, time: 5, user: 'u', client: 'desktop', action: 'op:start', target: 'observatory.A acq', params: { x: 1 }, ok: false, errorCode: 'e', message: 'Boom', result: null, durationMs: 1 };
    expect(auditEntryMatches(entry, {})).toBe(true);
    expect(auditEntryMatches(entry, { text: 'boom', result: 'error', since: 5, until: 5, action: 'op:start' })).toBe(true);
    expect(auditEntryMatches(entry, { text: 'observatory.a' })).toBe(true);
    expect(auditEntryMatches(entry, { result: 'ok' })).toBe(false);
    expect(auditEntryMatches(entry, { since: 6 })).toBe(false);
    expect(scrubSecrets('plain text')).toBe('plain text');
  });
});
