import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser, openPage } from '../helpers/browser.js';
import { startServe, type ServeProcess } from '../helpers/serve.js';

/** What an end-to-end test file shares: one `station serve`, one Chromium, one page on the station. */
export interface StationFixture {
  serve: ServeProcess;
  browser: Browser;
  page: Page;
  /** Uncaught page errors and console errors so far. */
  pageErrors: string[];
}

/**
 * Registers beforeAll/afterAll hooks that start `station serve` and Chromium, open the page
 * with its token, and at the end close the browser and stop the station by its pid, expecting
 * exit code 0. Read the fixture's fields inside tests (they are set in beforeAll).
 */
export function useStation(options: { extraArgs?: string[]; openPage?: boolean } = {}): StationFixture {
  const fixture = {} as StationFixture;
  beforeAll(async () => {
    fixture.serve = await startServe(options.extraArgs);
    fixture.browser = await launchBrowser();
    const watched = await openPage(fixture.browser);
    fixture.page = watched.page;
    fixture.pageErrors = watched.errors;
    if (options.openPage !== false) await fixture.page.goto(fixture.serve.url);
  }, 40_000);
  afterAll(async () => {
    await fixture.browser?.close();
    if (fixture.serve) expect(await fixture.serve.stop(), `station serve output:\n${fixture.serve.proc.lines.join('\n')}`).toBe(0);
  }, 20_000);
  return fixture;
}
