/**
 * The Testbed view in Chromium against `station serve` (own data dir, real supervisord, the real agents on
 * the embedded router): a config error shows inline, a saved config runs a fast workflow from the view,
 * and the timeline reaches end_run.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_TESTBED_CONFIG_DIR } from '../../main/testbed/config/index.js';
import { SupervisorBridge } from '../../main/testbed/supervisor/index.js';
import { screenshot } from '../helpers/browser.js';
import { TestbedViewPage } from './pages/testbed-view.js';
import { useStation } from './station-fixture.js';

const dataDir = mkdtempSync(join(tmpdir(), 'station-e2e-testbed-'));
const station = useStation({ extraArgs: ['--data-dir', dataDir, '--no-demo', '--no-smurf'] });
afterAll(async () => {
  // `station serve` shuts its supervisord down on exit; this only guards against a failed run leaving one.
  await new SupervisorBridge({ dataDir }).shutdown(10_000);
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

/** The shipped testbed.toml with its own namespace and only the data agent (quick on 2 cores). */
const CONFIG = readFileSync(join(DEFAULT_TESTBED_CONFIG_DIR, 'testbed.toml'), 'utf8')
  .replace('namespace = "torre1"', 'namespace = "e2eview"')
  .replace(/\[agents\.fastmon\]\nenabled = true/, '[agents.fastmon]\nenabled = false')
  .replace(/\[agents\.fast_processing\]\nenabled = true/, '[agents.fast_processing]\nenabled = false');

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
