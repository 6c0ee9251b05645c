import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditedAction } from '../../../../main/station/audited-action.js';
import { openStationStore, type StationStore } from '../../../../main/store/index.js';

let dir: string;
let store: StationStore;
afterEach(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});
const open = () => {
  dir = mkdtempSync(join(tmpdir(), 'audited-action-'));
  store = openStationStore(dir);
  return { log: store.audit, client: 'cli', user: 'alice' };
};

describe('auditedAction (actions outside the handler table)', () => {
  it('records a success with its summary, secrets scrubbed', async () => {
    const audit = open();
    const value = await auditedAction(audit, { action: 'testbed:run', target: 'cfg', params: { config: 'cfg', password: 'hunter2' } }, async () => ({ id: 7, big: 'x' }), (r) => ({ id: r.id }));
    expect(value).toEqual({ id: 7, big: 'x' });
    const [entry] = store.audit.list();
    expect(entry).toMatchObject({ user: 'alice', client: 'cli', action: 'testbed:run', target: 'cfg', params: { config: 'cfg' }, ok: true, errorCode: null, result: { id: 7 } });
    expect(JSON.stringify(entry.params)).not.toContain('hunter2');
  });

  it('records a thrown error by name and message and rethrows it; a refusal in the reply is an error too', async () => {
    const audit = open();
    class TestbedRefusal extends Error {
      override name = 'TestbedRefusal';
    }
    await expect(auditedAction(audit, { action: 'testbed:stop-workflow', target: 'x', params: {} }, () => Promise.reject(new TestbedRefusal('No workflow is running')))).rejects.toThrow('No workflow is running');
    await auditedAction(audit, { action: 'agent-manager:stop_testbed', target: 'm', params: {} }, async () => ({ ok: false, message: 'busy' }), (r) => r, (r) => (r.ok ? null : r.message));
    const [refused, thrown] = store.audit.list();
    expect(thrown).toMatchObject({ ok: false, errorCode: 'TestbedRefusal', message: 'No workflow is running', result: null });
    expect(refused).toMatchObject({ ok: false, errorCode: 'refused', message: 'busy', result: { ok: false, message: 'busy' } });
  });

  it('never fails the action when the record cannot be written, and says so', async () => {
    const audit = open();
    store.close();
    const warnings: string[] = [];
    await expect(auditedAction({ ...audit, warn: (m) => warnings.push(m) }, { action: 'testbed:run', target: 't', params: {} }, async () => 42)).resolves.toBe(42);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^audit log: testbed:run not recorded: /);
  });
});
