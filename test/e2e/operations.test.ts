/**
 * The operation monitor in Chromium against `station serve` (own data dir, demo agents on the embedded
 * router): a demo task run from the agent browser turns its grid cell FAILED and adds a FAILED segment to
 * its timeline strip, whose click shows the recorded change with its session.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser.js';
import { AgentBrowserPage } from './pages/agent-browser.js';
import { OperationsPage } from './pages/operations.js';
import { useStation } from './station-fixture.js';

const HWP = 'observatory.demo-hwp';
const dataDir = mkdtempSync(join(tmpdir(), 'station-e2e-ops-'));
const station = useStation({ extraArgs: ['--data-dir', dataDir, '--no-smurf'] });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('Operation monitor (Chromium)', () => {
  it('shows a demo task\'s op-code change in the grid and as a segment in the timeline', async () => {
    const ops = new OperationsPage(station.page);
    await ops.open();
    await expect.poll(() => ops.cellCode(HWP, 'fail_on_purpose'), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => ops.segmentCodes(HWP, 'fail_on_purpose'), { timeout: 5_000 }).toEqual([1]);
    expect(await ops.cell(HWP, 'fail_on_purpose').getAttribute('class')).toContain('chip--none');

    // Run the task the way a user does: the agent browser, unlocked, Start.
    const browser = new AgentBrowserPage(station.page);
    await browser.open();
    await browser.pick(HWP);
    await browser.unlock();
    const task = browser.op('fail_on_purpose');
    await task.start.click({ timeout: 10_000 });
    await expect.poll(() => task.statusText(), { timeout: 10_000 }).toMatch(/^done/);

    await ops.open();
    await expect.poll(() => ops.cellCode(HWP, 'fail_on_purpose'), { timeout: 10_000 }).toBe(6);
    expect(await ops.cell(HWP, 'fail_on_purpose').getAttribute('class')).toContain('chip--failed');
    await expect.poll(() => ops.segmentCodes(HWP, 'fail_on_purpose'), { timeout: 10_000 }).toContain(6);
    const codes = await ops.segmentCodes(HWP, 'fail_on_purpose');
    expect(codes[0]).toBe(1);
    expect(codes.at(-1)).toBe(6);
    expect(await ops.segment(HWP, 'fail_on_purpose', 6).getAttribute('class')).toContain('ops-seg--failed');

    // A reload reads the same history back from the station store.
    await station.page.reload();
    await ops.open();
    await expect.poll(() => ops.segmentCodes(HWP, 'fail_on_purpose'), { timeout: 10_000 }).toEqual(codes);

    // Zoom in on the recent past (15 min, then a drag over its last 3 %), then click the FAILED segment:
    // the recorded change and its session.
    await ops.window('15m');
    await expect.poll(async () => (await ops.range.textContent()) ?? '').toBe('last 15 min');
    await ops.dragZoom(0.97, 1);
    await expect.poll(async () => (await ops.range.textContent()) ?? '', { timeout: 5_000 }).toMatch(/^\d\d:\d\d:\d\d – \d\d:\d\d:\d\d$/);
    await expect.poll(() => ops.segmentCodes(HWP, 'fail_on_purpose'), { timeout: 5_000 }).toContain(6);
    await ops.segment(HWP, 'fail_on_purpose', 6).click();
    await expect.poll(async () => (await ops.detailField('status').textContent()) ?? '', { timeout: 5_000 }).toBe('done');
    expect(await ops.detail.getAttribute('data-kind')).toBe('record');
    expect(await ops.detailField('code').textContent()).toBe('FAILED');
    expect(await ops.detailField('session').textContent()).toMatch(/^\d+$/);

    const path = await screenshot(station.page, 'operations');
    expect(statSync(path).size).toBeGreaterThan(10_000);
    expect(station.pageErrors).toEqual([]);
  }, 90_000);
});
