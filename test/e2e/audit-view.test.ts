/**
 * The Audit view in Chromium against `station serve` (own data dir): an op started from the agent
 * browser appears in the Audit view live, attributed to the bridge client, with its parameters; a
 * refused start shows as an error; search and the detail panel work; reads leave no trace.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentBrowserPage } from './pages/agent-browser.js';
import { AuditViewPage } from './pages/audit-view.js';
import { useStation } from './station-fixture.js';

const THERMO = 'observatory.demo-thermo';
const dataDir = mkdtempSync(join(tmpdir(), 'station-e2e-audit-'));
const station = useStation({ extraArgs: ['--data-dir', dataDir, '--no-smurf'] });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('Audit view (station serve in Chromium)', () => {
  it('shows an op started from the agent browser live, then a refused one, newest first', async () => {
    const audit = new AuditViewPage(station.page);
    await audit.open();
    await expect.poll(() => station.page.getByText('No user actions recorded yet.').isVisible(), { timeout: 5_000 }).toBe(true);

    const browser = new AgentBrowserPage(station.page);
    await browser.open();
    await browser.pick(THERMO);
    const setpoint = browser.op('set_setpoint');
    await setpoint.root.waitFor({ state: 'visible', timeout: 10_000 });
    await browser.unlock();
    await setpoint.param('setpoint').fill('6.5');
    await setpoint.start.click();
    await expect.poll(() => setpoint.statusText(), { timeout: 10_000, interval: 100 }).toMatch(/^done – OK/);
    const calibrate = browser.op('calibrate');
    await calibrate.param('duration').fill('-1');
    await calibrate.start.click();
    await expect.poll(() => calibrate.errorText(), { timeout: 10_000 }).not.toBe('');

    await audit.open();
    await expect.poll(() => audit.rows.count(), { timeout: 5_000 }).toBe(2);
    const [refused, started] = await audit.table();
    const who = `${userInfo().username} · bridge 127.0.0.1`;
    expect(started.slice(1, 6)).toEqual([who, 'op:start', `${THERMO} set_setpoint`, expect.stringContaining('setpoint=6.5'), 'ok']);
    expect(refused.slice(1, 6)).toEqual([who, 'op:start', `${THERMO} calibrate`, 'duration=-1', 'error: ocs_error']);
    expect(started[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  }, 40_000);

  it('adds new actions while open, searches, and opens a row’s details', async () => {
    const audit = new AuditViewPage(station.page);
    // The view was loaded once; what happens now reaches it only as audit:entries pushes.
    const browser = new AgentBrowserPage(station.page);
    await browser.open();
    await browser.op('acq').stop.click();
    await audit.open();
    await expect.poll(() => audit.rows.count(), { timeout: 5_000 }).toBe(3);
    expect((await audit.table())[0].slice(2, 4)).toEqual(['op:stop', `${THERMO} acq`]);

    await audit.search.fill('calibrate');
    await expect.poll(() => audit.rows.count(), { timeout: 5_000 }).toBe(1);
    await audit.rows.first().click();
    await expect.poll(() => audit.detail.textContent(), { timeout: 5_000 }).toContain('duration');
    expect(await station.page.getByTestId('audit-detail-result').textContent()).toContain('error: ocs_error');
    await audit.search.fill('');
    await audit.resultFilter.selectOption('ok');
    await expect.poll(() => audit.rows.count(), { timeout: 5_000 }).toBe(2);
    expect(station.pageErrors).toEqual([]);
  }, 30_000);
});
