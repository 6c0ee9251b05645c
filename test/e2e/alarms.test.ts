/**
 * Alarms in Chromium against `station serve`: a demo task that fails raises an alarm, the red banner
 * shows it, it is acknowledged in the Alarms view and the banner goes; a rule is edited and kept.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type OpenSession } from '../helpers/autobahn.js';
import { AlarmsPage } from './pages/alarms.js';
import { useStation } from './station-fixture.js';

// A data dir of its own: alarms latched by other e2e files (their stations share the default dir) must not show here.
const dataDir = mkdtempSync(join(tmpdir(), 'station-e2e-alarms-'));
const station = useStation({ extraArgs: ['--data-dir', dataDir, '--no-smurf'] });
const HWP = 'observatory.demo-hwp';
let client: OpenSession;

beforeAll(async () => {
  client = await openSession(station.serve.wampUrl, station.serve.realm);
});
afterAll(async () => {
  await client?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('alarms (station serve in Chromium)', () => {
  it('shows a failed task in the banner and the Alarms view; acknowledging it removes the banner', async () => {
    const alarms = new AlarmsPage(station.page);
    await station.page.getByTestId('nav-registry').waitFor();
    // The demo HWP's task that always fails, started as any OCS client would.
    await client.session.call(`${HWP}.ops`, ['start', 'fail_on_purpose', {}]);
    await alarms.banner.waitFor({ timeout: 15_000 });
    await expect.poll(() => alarms.banner.textContent(), { timeout: 5_000 }).toContain('fail_on_purpose');

    await alarms.open();
    const row = alarms.activeRow('task-failed', `${HWP} fail_on_purpose`);
    await row.waitFor();
    expect(await row.textContent()).toContain('read the session');
    await row.getByTestId('alarm-ack').click();
    // Latched and acknowledged while the op code is still FAILED: active, but no longer in the banner.
    await expect.poll(() => row.getByTestId('alarm-state').textContent(), { timeout: 5_000 }).toBe('acknowledged, still active');
    await alarms.banner.waitFor({ state: 'detached', timeout: 5_000 });

    expect(station.pageErrors).toEqual([]);
  }, 60_000);

  it('edits a rule and keeps the setting', async () => {
    const alarms = new AlarmsPage(station.page);
    await alarms.open();
    const rule = alarms.rule('fastmon-rate-low');
    await rule.getByTestId('rule-threshold').fill('0.5');
    await rule.getByTestId('rule-delay').fill('12');
    await alarms.saveRule('fastmon-rate-low');
    await expect.poll(() => rule.getByTestId('rule-save').isDisabled(), { timeout: 5_000 }).toBe(true);
    await station.page.reload();
    await alarms.open();
    await expect.poll(() => alarms.rule('fastmon-rate-low').getByTestId('rule-threshold').inputValue(), { timeout: 5_000 }).toBe('0.5');
    expect(await alarms.rule('fastmon-rate-low').getByTestId('rule-delay').inputValue()).toBe('12');
  }, 30_000);
});
