/**
 * A renderer reload mid-stream, in Chromium against `station serve` with the simulated crate: a smurf
 * script prints a line every 50 ms (launched through the MultiSmurfManager by an OCS client, as another
 * operator would) and two pages follow its output in the Scripts view (the launch's live output and the
 * history). One page is reloaded while the lines stream: the other keeps receiving throughout, and the
 * reloaded one shows the launch and the run again, live, and at the end both show exactly the lines
 * the store holds.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptRunRecord } from '../../shared/smurf.js';
import { openStationStore } from '../../main/store/index.js';
import { openSession, type OpenSession } from '../helpers/autobahn.js';
import { openPage, screenshot, type WatchedPage } from '../helpers/browser.js';
import { SmurfScriptsPage } from './pages/smurf-scripts.js';
import { useStation } from './station-fixture.js';

const MANAGER = 'observatory.multismurf';
const ARGS = ['--duration', '40', '--interval', '0.05'];
const SCRIPT_ASSETS = '**/assets/*.js';
const RELOAD_DELAY_MS = 1500;

// Registered before the station fixture, so it runs after the station has stopped (hooks unwind in reverse).
const dataDir = mkdtempSync(join(tmpdir(), 'station-e2e-reload-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const station = useStation({ extraArgs: ['--data-dir', dataDir] });
let other: WatchedPage;
let client: OpenSession;

beforeAll(async () => {
  other = await openPage(station.browser);
  await other.page.goto(station.serve.url);
  client = await openSession(station.serve.wampUrl, station.serve.realm);
}, 30_000);
afterAll(async () => {
  await client?.close();
});

/** The run and its stored lines, read the way the project reads them (a second connection to the station's SQLite file). */
function stored(runId: number): { run: ScriptRunRecord | null; count: number; last: string | undefined } {
  const store = openStationStore(dataDir);
  try {
    const lines = store.scriptRuns.output(runId, 0, 10_000);
    return { run: store.scriptRuns.get(runId), count: lines.length, last: lines.at(-1)?.text };
  } finally {
    store.close();
  }
}

/** Opens the Scripts view and the run's output from its history row. */
async function followRun(page: Page, runId: number): Promise<void> {
  const scripts = new SmurfScriptsPage(page);
  await scripts.open();
  const row = page.locator(`[data-testid="script-history-row"][data-run-id="${runId}"]`);
  await row.click({ timeout: 15_000 });
  await page.locator(`[data-testid="script-history-output"][data-run-id="${runId}"]`).waitFor({ timeout: 5_000 });
}

/** How many lines of the viewed run the page holds (the output list's `data-lines`). */
async function shownLines(page: Page): Promise<number> {
  const list = page.getByTestId('history-output-lines');
  return (await list.count()) === 0 ? -1 : Number(await list.getAttribute('data-lines'));
}

/** How many lines the launch's live panel of crate1slot2 holds (-1 while it is not shown). */
async function liveLines(page: Page): Promise<number> {
  const list = new SmurfScriptsPage(page).output('crate1slot2').getByTestId('output-lines');
  return (await list.count()) === 0 ? -1 : Number(await list.getAttribute('data-lines'));
}

/** Samples `page`'s line count every 50 ms until stopped: [ms since start, count]. */
function sample(page: Page): { stop(): Promise<Array<[number, number]>> } {
  const samples: Array<[number, number]> = [];
  const started = Date.now();
  let running = true;
  const loop = (async () => {
    while (running) {
      samples.push([Date.now() - started, await shownLines(page)]);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return samples;
    },
  };
}

describe('a renderer reload while a script streams its output (Chromium)', () => {
  it('leaves the other page receiving, and the reloaded page resynchronises to the store’s lines', async () => {
    await client.session.call(`${MANAGER}.ops`, ['start', 'run', { script: 'hello_smurf.py', args: ARGS, stream_ids: ['crate1slot2'] }]);
    const steady = station.page;
    const reloaded = other.page;
    // The run as the pages list it: the newest history row on the slot.
    const scripts = new SmurfScriptsPage(steady);
    await scripts.open();
    const firstRow = steady.locator('[data-testid="script-history-row"]').first();
    await expect.poll(async () => (await firstRow.textContent()) ?? '', { timeout: 20_000 }).toContain(ARGS.join(' '));
    const runId = Number(await firstRow.getAttribute('data-run-id'));
    await followRun(steady, runId);
    await followRun(reloaded, runId);
    await expect.poll(() => shownLines(reloaded), { timeout: 15_000 }).toBeGreaterThanOrEqual(20);
    expect(stored(runId).run?.endedAt, 'the run still streams when the page is reloaded').toBeNull();

    // Reload mid-stream, sampling the other page throughout; the reload counts as done once the run's lines show again.
    // The reloaded page's scripts arrive 1.5 s late, as on a slow link: a reload window long enough to see the other page move.
    await reloaded.route(SCRIPT_ASSETS, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, RELOAD_DELAY_MS));
      await route.continue();
    });
    const sampler = sample(steady);
    const reloadStarted = Date.now();
    await reloaded.reload();
    await reloaded.unroute(SCRIPT_ASSETS);
    await followRun(reloaded, runId);
    // Resynchronised: it holds at least every line the store had once the run was shown again (fetched, then pushed).
    const storedAtReload = stored(runId).count;
    await expect.poll(() => shownLines(reloaded), { timeout: 15_000 }).toBeGreaterThanOrEqual(storedAtReload);
    const reloadMs = Date.now() - reloadStarted;
    const samples = await sampler.stop();
    const resyncedAt = await shownLines(reloaded);
    expect(stored(runId).run?.endedAt, 'the run still streams after the reload').toBeNull();
    // The launch is back too: its live panel, with the run's lines so far, and its Abort.
    await expect.poll(() => liveLines(reloaded), { timeout: 15_000 }).toBeGreaterThanOrEqual(storedAtReload);
    expect(await new SmurfScriptsPage(reloaded).abort.isVisible()).toBe(true);

    // The other page: its count never dropped and kept rising while the first page reloaded.
    const counts = samples.map(([, count]) => count);
    expect(counts.every((count, i) => i === 0 || count >= counts[i - 1]), `counts ${counts.join(' ')}`).toBe(true);
    const rises = counts.filter((count, i) => i > 0 && count > counts[i - 1]).length;
    // Lines every 50 ms for at least 1.5 s: the other page must have moved several times.
    expect(rises, `the other page's counts during the reload: ${counts.join(' ')}`).toBeGreaterThanOrEqual(3);
    expect(counts.at(-1)! - counts[0]).toBeGreaterThanOrEqual(10);
    // The reloaded page is live again, not a one-off snapshot.
    await expect.poll(() => shownLines(reloaded), { timeout: 10_000 }).toBeGreaterThan(resyncedAt);

    // The end: both pages hold exactly the store's lines and show the run's exit and line count.
    const ended = await expect.poll(() => stored(runId).run?.endedAt ?? null, { timeout: 60_000 }).not.toBeNull().then(() => stored(runId));
    expect(ended.run).toMatchObject({ exitCode: 0, success: true, lines: ended.count });
    expect(ended.last).toMatch(/^done after \d+ lines$/);
    for (const [name, page] of [['other', steady], ['reloaded', reloaded]] as const) {
      await expect.poll(() => shownLines(page), { timeout: 10_000, message: `${name} page's lines` }).toBe(ended.count);
      await expect.poll(() => liveLines(page), { timeout: 10_000, message: `${name} page's live panel` }).toBe(ended.count);
      await expect.poll(() => new SmurfScriptsPage(page).outputExit('crate1slot2'), { timeout: 10_000 }).toBe('exit 0');
      await expect.poll(() => new SmurfScriptsPage(page).outputStatus('crate1slot2'), { timeout: 10_000 }).toMatch(/^done – OK/);
      await expect.poll(() => page.getByTestId('script-history-output').locator('h3').textContent(), { timeout: 10_000 }).toContain(`· ${ended.count} lines`);
      await expect.poll(() => page.getByTestId('history-output-lines').locator('.output-text').last().textContent(), { timeout: 5_000 }).toBe(ended.last);
      expect(await page.locator(`[data-testid="script-history-row"][data-run-id="${runId}"] [data-testid="script-history-exit"]`).textContent()).toBe('exit 0');
      // The slot pushes too: the card goes idle with the run as its last result (after the controller's 1 s datagram linger).
      const card = page.locator('[data-testid="smurf-slot"][data-stream-id="crate1slot2"]');
      await expect.poll(() => card.getByTestId('smurf-slot-op').textContent(), { timeout: 10_000, message: `${name} page's slot card` }).toBe('idle');
      expect(await card.getByTestId('smurf-slot-last').textContent()).toMatch(/^run OK · /);
      // The launch's live panel and the history below it.
      await new SmurfScriptsPage(page).output('crate1slot2').evaluate((panel) => panel.closest('section')?.scrollIntoView({ block: 'start' }));
      const path = await screenshot(page, `reload-mid-stream-${name}`);
      expect(readFileSync(path).subarray(1, 4).toString()).toBe('PNG');
      expect(statSync(path).size).toBeGreaterThan(8 * 1024);
    }
    console.info(`[e2e] reload mid-stream: reloaded page showed the run again after ${reloadMs} ms (${resyncedAt} lines); the other page rose ${rises} times in ${counts.length} samples (${counts[0]} → ${counts.at(-1)}); both ended with the store's ${ended.count} lines`);
  }, 120_000);

  it('left no uncaught errors or console errors in either page', () => {
    expect(station.pageErrors).toEqual([]);
    expect(other.errors).toEqual([]);
  });
});
