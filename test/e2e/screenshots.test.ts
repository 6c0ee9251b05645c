import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser.js';
import { AgentBrowserPage } from './pages/agent-browser.js';
import { ConnectionsPage } from './pages/connections.js';
import { RegistryGridPage } from './pages/registry-grid.js';
import { useStation } from './station-fixture.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A rendered 1280×800 view with text is tens of KB; a blank or broken one compresses to almost nothing. */
const MIN_BYTES = 8 * 1024;

const station = useStation();

/** Checks that `path` holds a real, non-trivial PNG. */
function expectPng(path: string): void {
  expect(readFileSync(path).subarray(0, 8).equals(PNG_SIGNATURE), `${path} starts with the PNG signature`).toBe(true);
  expect(statSync(path).size).toBeGreaterThan(MIN_BYTES);
}

describe('screenshots of each view (test-output/screenshots)', () => {
  it('registry grid', async () => {
    const grid = new RegistryGridPage(station.page);
    await grid.open();
    await expect.poll(() => grid.rows.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(4);
    await expect.poll(async () => (await grid.counts())?.total, { timeout: 5_000 }).toBeGreaterThanOrEqual(4);
    expectPng(await screenshot(station.page, 'registry'));
  });

  it('agent browser', async () => {
    const browser = new AgentBrowserPage(station.page);
    await browser.open();
    await browser.pick('observatory.demo-thermo');
    await browser.op('calibrate').root.waitFor({ state: 'visible', timeout: 10_000 });
    expectPng(await screenshot(station.page, 'agent-browser'));
  });

  it('connections', async () => {
    const view = new ConnectionsPage(station.page);
    await view.open();
    await expect.poll(() => view.text(view.status), { timeout: 10_000 }).toMatch(/(^|[^a-z])connected\b/i);
    expectPng(await screenshot(station.page, 'connections'));
  });

  it('left no uncaught errors or console errors (CSP violations included) in the page', () => {
    expect(station.pageErrors).toEqual([]);
  });
});
