/**
 * The Logs view in Chromium against `station serve` (own data dir): open a file by its path, search it
 * (the match count equals `grep -c`), follow it while this test appends lines, pause by scrolling up,
 * export a selection as a .log download, and merge two files by time. Ends with a screenshot.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser.js';
import { LogsViewPage } from './pages/logs-view.js';
import { useStation } from './station-fixture.js';

const dataDir = mkdtempSync(join(tmpdir(), 'station-e2e-logs-'));
const station = useStation({ extraArgs: ['--data-dir', dataDir, '--no-demo', '--no-smurf'] });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const LOG = join(dataDir, 'e2e-app.log');
const OTHER = join(dataDir, 'e2e-other.log');
const LINES = 5_000;
const START = Date.UTC(2026, 10, 23, 12, 0, 0);

/** `2026-11-23 12:00:07.000 WARN  worker-3: step 7 …`: every 97th line has the needle, every 50th is an ERROR, every 7th a WARN. */
function line(n: number, prefix = 'worker'): string {
  const level = n % 50 === 0 ? 'ERROR' : n % 7 === 0 ? 'WARN ' : 'INFO ';
  const stamp = new Date(START + n * 1000).toISOString().replace('T', ' ').replace('Z', '');
  return `${stamp} ${level} ${prefix}-${n % 5}: step ${n}${n % 97 === 0 ? ' found the Needle in the stack' : ''} payload=${'x'.repeat(n % 40)}\n`;
}

function lines(from: number, count: number, prefix?: string): string {
  let text = '';
  for (let n = from; n < from + count; n += 1) text += line(n, prefix);
  return text;
}

describe('Logs view (Chromium)', () => {
  it('opens a file, searches like grep, follows appended lines and pauses when scrolled up', async () => {
    writeFileSync(LOG, lines(1, LINES));
    const logs = new LogsViewPage(station.page);
    await logs.open();
    await logs.openFile(LOG);
    await expect.poll(() => logs.tabs.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => logs.facts.textContent(), { timeout: 10_000 }).toContain(`${LINES.toLocaleString('en-US')} lines`);
    // Opened in follow mode: the last line is in view, and only a window of rows is in the page.
    await expect.poll(() => logs.row(LINES).count(), { timeout: 10_000 }).toBe(1);
    expect(await logs.followState.getAttribute('data-mode')).toBe('following');
    expect(await logs.rows.count()).toBeLessThan(200);

    // Search: the count equals grep -c; Enter goes to the first match and highlights it.
    await logs.searchBox.fill('needle');
    const grepCount = Number(execFileSync('grep', ['-ci', 'needle', LOG], { encoding: 'utf8' }).trim());
    expect(grepCount).toBe(Math.floor(LINES / 97));
    await expect.poll(() => logs.searchCount.getAttribute('data-total'), { timeout: 10_000 }).toBe(String(grepCount));
    await logs.searchBox.press('Enter');
    await expect.poll(() => logs.searchCount.textContent(), { timeout: 5_000 }).toBe(`1 of ${grepCount}`);
    await expect.poll(() => logs.row(97).locator('mark').textContent(), { timeout: 5_000 }).toBe('Needle');
    await logs.searchBox.press('Enter');
    await expect.poll(() => logs.searchCount.textContent(), { timeout: 5_000 }).toBe(`2 of ${grepCount}`);
    await logs.searchBox.press('Shift+Enter');
    await logs.searchBox.press('Shift+Enter');
    await expect.poll(() => logs.searchCount.textContent(), { timeout: 5_000 }).toBe(`${grepCount} of ${grepCount}`);
    await expect.poll(() => logs.row(97 * grepCount).count(), { timeout: 5_000 }).toBe(1);
    // Jumping to a match paused following.
    expect(await logs.followState.getAttribute('data-mode')).toBe('paused');

    // Follow: resume, then new lines written by this test appear at the bottom.
    await station.page.getByTestId('logs-follow-resume').click();
    await expect.poll(() => logs.followState.getAttribute('data-mode'), { timeout: 5_000 }).toBe('following');
    appendFileSync(LOG, lines(LINES + 1, 40));
    await expect.poll(() => logs.row(LINES + 40).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => logs.facts.textContent(), { timeout: 5_000 }).toContain(`${(LINES + 40).toLocaleString('en-US')} lines`);

    // Scrolling up pauses following; appended lines are counted, not scrolled to.
    await logs.scrollToTop();
    await expect.poll(() => logs.followState.getAttribute('data-mode'), { timeout: 5_000 }).toBe('paused');
    await expect.poll(() => logs.row(1).count(), { timeout: 5_000 }).toBe(1);
    appendFileSync(LOG, lines(LINES + 41, 25));
    await expect.poll(() => logs.followState.textContent(), { timeout: 10_000 }).toBe('following paused — 25 new lines');
    expect(await logs.row(LINES + 65).count()).toBe(0);
    expect((await logs.renderedLines())[0]).toBe(1);

    // Level filter: only ERROR lines.
    await station.page.getByTestId('logs-level-ERROR').click();
    await expect.poll(async () => (await logs.renderedLines()).slice(0, 3), { timeout: 5_000 }).toEqual([50, 100, 150]);
    await station.page.getByTestId('logs-level-ERROR').click();
    await expect.poll(() => logs.row(1).count(), { timeout: 5_000 }).toBe(1);

    // Export lines 2..6 (click, Shift+click) as a .log download.
    await logs.row(2).click();
    await logs.row(6).click({ modifiers: ['Shift'] });
    const [download] = await Promise.all([station.page.waitForEvent('download'), station.page.getByTestId('logs-export').click()]);
    expect(download.suggestedFilename()).toBe('e2e-app.log_L2-L6.log');
    const saved = await download.path();
    expect(readFileSync(saved, 'utf8')).toBe(lines(2, 5));

    // For the screenshot: a match in view, highlighted and current.
    await logs.searchBox.press('Enter');
    await expect.poll(() => logs.searchCount.textContent(), { timeout: 5_000 }).toBe(`1 of ${grepCount}`);
    await expect.poll(() => logs.row(97).count(), { timeout: 5_000 }).toBe(1);
    const path = await screenshot(station.page, 'logs');
    expect(readFileSync(path).subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(path).size).toBeGreaterThan(8 * 1024);
  }, 120_000);

  it('merges two files by time, each line tagged with its source', async () => {
    // The other file's lines fall between the first file's (half a second later).
    writeFileSync(OTHER, lines(1, 20, 'other').replace(/\.000 /g, '.500 '));
    const logs = new LogsViewPage(station.page);
    await logs.openFile(OTHER);
    await expect.poll(() => logs.tabs.count(), { timeout: 10_000 }).toBe(2);
    await logs.tick('e2e-app.log');
    await logs.tick('e2e-other.log');
    await station.page.getByTestId('logs-merge').click();
    await expect.poll(() => logs.tabs.count(), { timeout: 10_000 }).toBe(3);
    // Opened following: it reads to the end of both files; then the user scrolls to the top.
    await expect.poll(() => logs.facts.textContent(), { timeout: 10_000 }).toMatch(/^[\d,]+ lines loaded, ordered by time$/);
    await logs.scrollToTop();
    await expect.poll(() => logs.followState.getAttribute('data-mode'), { timeout: 5_000 }).toBe('paused');
    const firstRows = async () =>
      station.page.locator('[data-testid="log-row"]').evaluateAll((rows) =>
        rows
          .map((row) => ({ top: row.getBoundingClientRect().top, src: row.querySelector('.log-src')?.textContent ?? '', text: row.querySelector('.log-text')?.textContent ?? '' }))
          .sort((a, b) => a.top - b.top)
          .slice(0, 4)
          .map(({ src, text }) => `${src}|${/step \d+/.exec(text)?.[0]}`),
      );
    await expect.poll(firstRows, { timeout: 10_000 }).toEqual(['e2e-app.log|step 1', 'e2e-other.log|step 1', 'e2e-app.log|step 2', 'e2e-other.log|step 2']);
    await screenshot(station.page, 'logs-merged');
  }, 60_000);

  it('left no uncaught errors or console errors in the page', () => {
    expect(station.pageErrors).toEqual([]);
  });
});
