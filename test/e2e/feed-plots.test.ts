/**
 * Live feed plots in Chromium against `station serve`: the demo thermometer's `temperatures` feed
 * plotted with uPlot, points arriving live, hover values, pause, and the plot pinned to the agent's page.
 */
import { describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser.js';
import { AgentBrowserPage } from './pages/agent-browser.js';
import { PlotsViewPage } from './pages/plots-view.js';
import { useStation } from './station-fixture.js';

const THERMO = 'observatory.demo-thermo';
const station = useStation();

describe('feed plots (station serve in Chromium)', () => {
  it('plots a demo feed live, pauses, and pins the plot to the agent page', async () => {
    const plots = new PlotsViewPage(station.page);
    await plots.open();
    await plots.pick(THERMO, 'temperatures');
    // The fields come from the feed's first recorded block (get_api declares none).
    await plots.field('ch1').waitFor({ state: 'visible', timeout: 10_000 });
    await plots.field('ch3').uncheck();
    await plots.field('ch4').uncheck();
    await plots.add();

    const plot = plots.plot(0);
    await plot.canvas.first().waitFor({ state: 'visible', timeout: 5_000 });
    await expect.poll(() => plot.points(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const before = await plot.points();
    // The demo publishes at 1 Hz: more points within a few seconds, on the same uPlot canvas.
    const canvas = await plot.canvas.first().elementHandle();
    await expect.poll(() => plot.points(), { timeout: 10_000 }).toBeGreaterThan(before + 1);
    expect(await plot.canvas.first().evaluate((node, original) => node === original, canvas)).toBe(true);
    expect(await plot.latest()).toMatch(/^ch1 \d+(\.\d+)?\s*ch2 \d+(\.\d+)?$/);

    // Hover: uPlot's legend shows the values under the cursor.
    const box = (await plot.root.locator('.u-over').boundingBox())!;
    await station.page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
    await expect.poll(async () => (await plot.legend.textContent()) ?? '', { timeout: 5_000 }).toMatch(/ch1\s*\d/);

    // Pause freezes the picture while points keep arriving underneath.
    await plot.pause.click();
    const frozen = await plot.points();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await plot.points()).toBe(frozen);
    await plot.pause.click();
    await expect.poll(() => plot.points(), { timeout: 5_000 }).toBeGreaterThan(frozen);
    await screenshot(station.page, 'feed-plots');

    // Pin, then the agent's page shows the plot, live.
    await plot.pin.click();
    await expect.poll(() => plot.pin.textContent()).toBe('Pinned');
    const agent = new AgentBrowserPage(station.page);
    await agent.open();
    await agent.pick(THERMO);
    const pinned = plots.pinned(0);
    await pinned.root.waitFor({ state: 'visible', timeout: 10_000 });
    await expect.poll(() => pinned.points(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const pinnedBefore = await pinned.points();
    await expect.poll(() => pinned.points(), { timeout: 10_000 }).toBeGreaterThan(pinnedBefore);
    await screenshot(station.page, 'feed-plots-pinned');

    // Pins survive a reload (prefs in the page's storage).
    await station.page.reload();
    await agent.open();
    await agent.pick(THERMO);
    await plots.pinned(0).root.waitFor({ state: 'visible', timeout: 10_000 });
    await plots.pinned(0).unpin.click();
    await expect.poll(() => station.page.getByTestId('pinned-plots').count(), { timeout: 5_000 }).toBe(0);

    expect(station.pageErrors).toEqual([]);
  }, 90_000);
});
