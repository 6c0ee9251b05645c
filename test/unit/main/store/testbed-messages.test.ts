import { afterEach, describe, expect, it } from 'vitest';
import { openStationStore, type StoreChange } from '../../../../main/store/index.js';
import { tempDirs } from './store-helpers.js';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const T0 = 1_780_000_000_000;
const EPIC = '/topic/epictopic';
const stfGen = (sequence: number, extra: Record<string, unknown> = {}) => ({
  msg_type: 'stf_gen', namespace: 'torre1', sender: 'daq_simulator-agent-alice-1', run_id: '100010', execution_id: 'stf_datataking-alice-0001',
  filename: `swf.100010.${String(sequence).padStart(6, '0')}.stf`, sequence, state: 'run', substate: 'physics', timestamp: `2026-08-07T14:03:1${sequence}.000000`, ...extra,
});

function open() {
  const store = openStationStore(dirs.make());
  const events: StoreChange[] = [];
  store.onChange((event) => events.push(event));
  return { store, tb: store.testbed, events };
}

describe('testbed messages', () => {
  it('records a message with its envelope columns and announces it', () => {
    const { store, tb, events } = open();
    expect(tb.recordMessage({ messageId: 'ID:broker-1', destination: EPIC, body: stfGen(1), receivedAt: T0 })).toEqual({ inserted: true, id: 1 });
    const [message] = tb.listMessages();
    expect(message).toEqual({
      id: 1, messageId: 'ID:broker-1', receivedAt: T0, destination: EPIC, msgType: 'stf_gen', sender: 'daq_simulator-agent-alice-1', namespace: 'torre1',
      runId: '100010', executionId: 'stf_datataking-alice-0001', body: stfGen(1),
    });
    expect(events).toEqual([{ kind: 'testbed-message', message }]);
    store.close();
  });

  it('drops a redelivery: the same message id on the same destination, not announced again', () => {
    const { store, tb, events } = open();
    tb.recordMessage({ messageId: 'ID:m-1', destination: EPIC, body: stfGen(1), receivedAt: T0 });
    expect(tb.recordMessage({ messageId: 'ID:m-1', destination: EPIC, body: stfGen(1), receivedAt: T0 + 5 })).toEqual({ inserted: false, id: 1 });
    // The same broker id on another destination is another message.
    expect(tb.recordMessage({ messageId: 'ID:m-1', destination: '/topic/panda.workers', body: stfGen(1), receivedAt: T0 }).inserted).toBe(true);
    expect(tb.countMessages()).toBe(2);
    expect(events).toHaveLength(2);
    store.close();
  });

  it('without a message id, drops a message whose body is the same canonical JSON (key order ignored)', () => {
    const { store, tb } = open();
    const body = stfGen(1, { content: { b: 1, a: [1, { y: 2, x: 1 }] } });
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    (reordered as { content: unknown }).content = { a: [1, { x: 1, y: 2 }], b: 1 };
    expect(tb.recordMessage({ destination: EPIC, body, receivedAt: T0 }).inserted).toBe(true);
    expect(tb.recordMessage({ messageId: '', destination: EPIC, body: reordered, receivedAt: T0 + 1 })).toEqual({ inserted: false, id: 1 });
    expect(tb.recordMessage({ messageId: null, destination: EPIC, body: stfGen(2), receivedAt: T0 }).inserted).toBe(true);
    expect(tb.countMessages()).toBe(2);
    store.close();
  });

  it('reads run and execution ids from a panda message’s content, and the command of agent-manager messages', () => {
    const { store, tb } = open();
    tb.recordMessage({ destination: '/topic/panda.slices', body: { msg_type: 'slice', run_id: 100010, content: { execution_id: 'e-7', slice_id: 0 } }, receivedAt: T0 });
    tb.recordMessage({ destination: '/queue/agent_control.alice', body: { command: 'ping', reply_to: '/queue/x' }, receivedAt: T0 });
    expect(tb.listMessages().map((m) => [m.msgType, m.runId, m.executionId, m.namespace])).toEqual([['slice', '100010', 'e-7', null], ['ping', null, null, null]]);
    store.close();
  });

  it('filters by namespace, type, sender, run, execution, destination, follows with afterId and takes the newest', () => {
    const { store, tb } = open();
    for (let seq = 1; seq <= 5; seq++) tb.recordMessage({ destination: EPIC, body: stfGen(seq), receivedAt: T0 + seq });
    tb.recordMessage({ destination: EPIC, body: { msg_type: 'stf_ready', namespace: 'torre2', sender: 'data-agent-bob-3', run_id: '100011', timestamp: 't' }, receivedAt: T0 });
    expect(tb.listMessages({ namespace: 'torre2' }).map((m) => m.sender)).toEqual(['data-agent-bob-3']);
    expect(tb.countMessages({ msgType: 'stf_gen' })).toBe(5);
    expect(tb.countMessages({ sender: 'data-agent-bob-3' })).toBe(1);
    expect(tb.countMessages({ runId: 100010 })).toBe(5);
    expect(tb.countMessages({ executionId: 'stf_datataking-alice-0001', destination: EPIC })).toBe(5);
    expect(tb.listMessages({ afterId: 3 }).map((m) => m.id)).toEqual([4, 5, 6]);
    expect(tb.countMessages({ afterId: 3, msgType: 'stf_gen' })).toBe(2);
    expect(tb.listMessages({ limit: 2 }).map((m) => m.id)).toEqual([1, 2]);
    expect(tb.listMessages({ limit: 2, newest: true }).map((m) => m.id)).toEqual([5, 6]);
    store.close();
  });

  it('refuses a body that is not an object and a missing destination', () => {
    const { store, tb } = open();
    expect(() => tb.recordMessage({ destination: EPIC, body: ['x'], receivedAt: T0 })).toThrow('testbed message: "body" must be a JSON object');
    expect(() => tb.recordMessage({ destination: '', body: {}, receivedAt: T0 })).toThrow('"destination" must be a non-empty string');
    expect(() => tb.recordMessage({ destination: EPIC, body: {}, receivedAt: Number.NaN })).toThrow('"receivedAt" must be a finite number (Unix ms)');
    expect(tb.countMessages()).toBe(0);
    store.close();
  });
});
