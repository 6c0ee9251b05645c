/**
 * The live fastmon panel in Chromium against `station serve` (own data dir, real supervisord, the real
 * runner, data and fastmon agents on the embedded router): a fast run started from the Testbed view fills
 * the panel, whose per-run counts equal the store's, and a clicked TF shows its STF and run.
 */
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openStationStore, type FastmonRunSummary } from '../../main/store/index.js';
import { screenshot } from '../helpers/browser.js';
import { FastmonPanelPage } from './pages/fastmon-panel.js';
import { TestbedViewPage } from './pages/testbed-view.js';
import { shippedTestbedConfig, useTestbedStation } from './station-fixture.js';

const { station, dataDir } = useTestbedStation('station-e2e-fastmon-');

/** The shipped testbed.toml with its own namespace, the data and fastmon agents only. */
const CONFIG = shippedTestbedConfig('e2efastmon', { fastmon: true, fast_processing: false });

const STF_COUNT = 5;

/** What the store says, read the way the project reads it (a second connection to the station's SQLite file). */
function storeView(): { summaries: FastmonRunSummary[]; statuses: number; tfsOf(stf: string): number } {
  const store = openStationStore(dataDir);
  try {
    const summaries = store.testbed.fastmonRunSummaries();
    const statuses = store.testbed.listMessages({ msgType: 'fastmon_status' }).length;
    const counts = new Map<string, number>();
    for (const tf of store.testbed.listTfFiles({ limit: 10_000 })) counts.set(tf.stfFilename, (counts.get(tf.stfFilename) ?? 0) + 1);
    return { summaries, statuses, tfsOf: (stf) => counts.get(stf) ?? 0 };
  } finally {
    store.close();
  }
}

describe('Live fastmon panel (Chromium)', () => {
  it('shows a fast run\'s TFs with the store\'s per-run counts, and a clicked TF\'s STF and run', async () => {
    const testbed = new TestbedViewPage(station.page);
    await testbed.open();
    await expect.poll(() => testbed.configSelect.inputValue(), { timeout: 10_000 }).toBe('builtin:testbed');
    await testbed.setText(CONFIG);
    await expect.poll(() => testbed.configErrors.count(), { timeout: 5_000 }).toBe(0);
    await testbed.saveAs('fastmon-e2e');
    await expect.poll(() => testbed.configSelect.inputValue(), { timeout: 5_000 }).toBe('user:fastmon-e2e');
    await testbed.unlock();
    await testbed.param('stf_count').fill(String(STF_COUNT));
    await testbed.param('stf_interval').fill('0.1');
    await testbed.param('realtime').uncheck();
    await station.page.getByTestId('testbed-run').click();
    await expect.poll(() => testbed.notice.textContent(), { timeout: 40_000 }).toMatch(/^started stf_datataking-.+-0001 in namespace e2efastmon/);
    await expect.poll(() => testbed.phase(), { timeout: 30_000 }).toBe('ended');
    // fastmon answers end_run with its fastmon_status: every STF of the run has been sampled by then.
    await expect.poll(() => storeView().statuses, { timeout: 30_000 }).toBe(1);
    const [summary] = storeView().summaries;
    expect(summary.tfFiles).toBeGreaterThan(0);
    expect(summary.stfsSampled).toBeGreaterThanOrEqual(1);

    const panel = new FastmonPanelPage(station.page);
    await panel.open();
    const expected = storeView().summaries.map(({ runNumber, stfsSeen, stfsSampled, tfFiles, tfCount }) => ({ run: runNumber, stfsSeen, stfsSampled, tfFiles, tfCount }));
    await expect.poll(() => panel.runCounts(), { timeout: 10_000 }).toEqual(expected);
    await expect.poll(() => panel.feedCount.textContent(), { timeout: 10_000 }).toBe(`${summary.tfFiles} of ${summary.tfFiles}`);

    // Click-through: the first TF's STF (with all its TFs) and its run (execution id, row highlighted).
    const first = panel.tfRows.first();
    const tfName = (await first.getAttribute('data-tf')) ?? '';
    await first.click();
    await expect.poll(() => panel.detailField('tf').textContent(), { timeout: 5_000 }).toBe(tfName);
    const stfName = (await panel.detailField('stf').textContent()) ?? '';
    expect(tfName.startsWith(stfName.replace(/\.stf$/, '_tf_'))).toBe(true);
    expect(await panel.detailField('run').textContent()).toBe(String(summary.runNumber));
    expect(await panel.detailField('execution').textContent()).toBe(summary.executionId);
    await expect.poll(() => panel.detailField('stf-tf-count').textContent(), { timeout: 5_000 }).toBe(String(storeView().tfsOf(stfName)));
    expect(await station.page.locator(`[data-testid="fastmon-run-row"][data-run="${summary.runNumber}"]`).getAttribute('class')).toContain('row--linked');

    // Picking the run filters the feed to it (all of this run's TFs) and scopes the charts.
    await panel.pickRun(summary.runNumber);
    await expect.poll(() => station.page.getByTestId('fastmon-filter-run').textContent(), { timeout: 5_000 }).toContain(String(summary.runNumber));
    expect(Number(await station.page.getByTestId('fastmon-chart-rate').getAttribute('data-points'))).toBeGreaterThanOrEqual(1);

    await station.page.evaluate(() => document.querySelector('.content')?.scrollTo(0, 0));
    const path = await screenshot(station.page, 'fastmon');
    expect(readFileSync(path).subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(path).size).toBeGreaterThan(8 * 1024);
  }, 150_000);

  it('left no uncaught errors or console errors in the page', () => {
    expect(station.pageErrors).toEqual([]);
  });
});
