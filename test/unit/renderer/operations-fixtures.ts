/** Operation monitor fixtures for renderer tests. */
import type { OpGridRow, OpHistoryRecord, OpTimeline } from '../../../shared/operations.js';

export const gridRow = (address: string, ops: Record<string, number>, patch: Partial<OpGridRow> = {}): OpGridRow => ({
  address,
  agentClass: address.includes('hwp') ? 'DemoHWPRotation' : 'DemoThermometry',
  expired: false,
  ops: Object.fromEntries(Object.entries(ops).map(([op, code]) => [op, { code, since: 1_000 }])),
  ...patch,
});

export const opRecord = (id: number, agent: string, op: string, code: number, at: number, patch: Partial<OpHistoryRecord> = {}): OpHistoryRecord => ({
  id, agent, agentClass: agent.includes('hwp') ? 'DemoHWPRotation' : 'DemoThermometry', op, code, sessionId: null, status: null, startedAt: null, endedAt: null, at, ...patch,
});

export const timeline = (from: number, to: number, patch: Partial<OpTimeline> = {}): OpTimeline => ({
  from,
  to,
  truncated: false,
  strips: [
    { agent: 'obs.hwp', agentClass: 'DemoHWPRotation', op: 'fail_on_purpose', segments: [[from, from + 10, 1, 1], [from + 10, from + 11, 3, 2], [from + 11, to, 6, 3]] },
    { agent: 'obs.thermo', agentClass: 'DemoThermometry', op: 'acq', segments: [[from, to, 3, 4]] },
  ],
  ...patch,
});
