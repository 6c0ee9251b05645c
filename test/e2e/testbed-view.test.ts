/**
 * The Testbed view in Chromium against `station serve` (own data dir, real supervisord, the real agents on
 * the embedded router): a config error shows inline, a saved config runs a fast workflow from the view,
 * and the timeline reaches end_run.
 */
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser.js';
import { TestbedViewPage } from './pages/testbed-view.js';
import { shippedTestbedConfig, useTestbedStation } from './station-fixture.js';

const { station } = useTestbedStation('station-e2e-testbed-');

/** The shipped testbed.toml with its own namespace and only the data agent (quick on 2 cores). */
const CONFIG = shippedTestbedConfig('e2eview', { fastmon: false, fast_processing: false });

describe('Testbed view (Chromium)', () => {
  it('shows a config error inline with its line', async () => {
    const view = new TestbedViewPage(station.page);
    await view.open();
    await expect.poll(() => view.configSelect.inputValue(), { timeout: 10_000 }).toBe('builtin:testbed');
    await view.setText('[testbed]\nnamespace = "ok"\n\n[agents.data]\nenabled = "yes"\n');
    await expect.poll(() => view.configErrors.first().textContent(), { timeout: 5_000 }).toMatch(/^line 5(:\d+)?: .*enabled/);
    expect(await station.page.getByTestId('testbed-config-save').isDisabled()).toBe(true);
  });

  it('starts a fast run from the view and watches the timeline reach end_run', async () => {
    const view = new TestbedViewPage(station.page);
    await view.setText(CONFIG);
    await expect.poll(() => view.configErrors.count(), { timeout: 5_000 }).toBe(0);
    await view.saveAs('e2e');
    await expect.poll(() => view.configSelect.inputValue(), { timeout: 5_000 }).toBe('user:e2e');
    await view.unlock();
    await view.param('stf_count').fill('3');
    await view.param('stf_interval').fill('0.1');
    await view.param('realtime').uncheck();
    await station.page.getByTestId('testbed-run').click();
    await expect.poll(() => view.notice.textContent(), { timeout: 40_000 }).toMatch(/^started stf_datataking-.+-0001 in namespace e2eview/);
    await expect.poll(() => view.phase(), { timeout: 30_000 }).toBe('ended');
    const types = await view.markTypes();
    expect(types[0]).toBe('run_imminent');
    expect(types.at(-1) === 'end_run' || types.includes('end_run')).toBe(true);
    expect(types.filter((type) => type === 'stf_gen')).toHaveLength(3);
    await expect.poll(() => view.agentStates(), { timeout: 10_000 }).toEqual([
      ['example-data-agent', 'RUNNING'],
      ['workflow-runner', 'RUNNING'],
    ]);
    await expect.poll(() => view.messageRows.count(), { timeout: 5_000 }).toBeGreaterThanOrEqual(6);
    await station.page.evaluate(() => document.querySelector('.content')?.scrollTo(0, 0));
    const path = await screenshot(station.page, 'testbed');
    expect(readFileSync(path).subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(path).size).toBeGreaterThan(8 * 1024);
  }, 90_000);

  it('left no uncaught errors or console errors in the page', () => {
    expect(station.pageErrors).toEqual([]);
  });
});
