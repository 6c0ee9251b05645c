/** Audit entries for the renderer tests, and a FakeStation `audit:list` that filters and pages them like main. */
import { auditEntryMatches, type AuditEntry } from '../../../shared/audit.js';
import type { RequestOf, ResponseOf } from '../../../shared/ipc.js';

/** An entry with sensible defaults: a successful op:start at 2026-11-23 12:00 + id seconds. */
export function auditEntry(id: number, patch: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id,
    time: new Date(2026, 10, 23, 12, 0, id).getTime(),
    user: 'alice',
    client: 'desktop',
    action: 'op:start',
    target: 'observatory.demo-thermo set_setpoint',
    params: { address: 'observatory.demo-thermo', op: 'set_setpoint', params: { setpoint: 5, ramp_rate: 0.5 } },
    ok: true,
    errorCode: null,
    message: 'Started task set_setpoint.',
    result: { status: 0, session: { op_name: 'set_setpoint', op_code: 2 } },
    durationMs: 12,
    ...patch,
  };
}

/** `audit:list` over `entries` (any order): filtered, newest first, before-id paging, total of matches. */
export function auditList(entries: AuditEntry[]) {
  return (request: RequestOf<'audit:list'>): ResponseOf<'audit:list'> => {
    const { before, limit = 200, ...filter } = request ?? {};
    const matching = entries.filter((entry) => auditEntryMatches(entry, filter)).sort((a, b) => b.id - a.id);
    return { entries: matching.filter((entry) => before === undefined || entry.id < before).slice(0, limit), total: matching.length };
  };
}
