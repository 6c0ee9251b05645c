import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium: playwright-core never downloads a browser here (`npx playwright install` would fail). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags that keep Chromium quiet and quick on a headless CI VM (no GPU, no network calls of its own). */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Where end-to-end screenshots go (test-output/ is git- and lint-ignored). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

/** Launches headless Debian Chromium; one per test file, closed in afterAll. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** A page whose uncaught errors and console errors are collected, so a test can show them when it fails. */
export interface WatchedPage {
  page: Page;
  /** Uncaught exceptions, `console.error` lines and HTTP error responses seen so far, in order. */
  errors: string[];
}

/** Opens a fresh context (own cookies) at a control-room-sized viewport and watches it for errors. */
export async function openPage(browser: Browser): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()} (${message.location().url})`);
  });
  // Failed loads of the page's own requests (the console line alone does not name the URL).
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { page, errors };
}

/** Writes a PNG of the page's viewport to test-output/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}${name}.png`;
  await page.screenshot({ path });
  return path;
}
