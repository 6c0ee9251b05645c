import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { DEFAULT_TESTBED_CONFIG_DIR, type AgentKey } from '../../main/testbed/config/index.js';
import { SupervisorBridge } from '../../main/testbed/supervisor/index.js';
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

/**
 * useStation on a data dir of its own (no demo agents, no smurf crate) for testbed runs; at the end the
 * station's supervisord is shut down (a failed run must not leave one) and the directory removed.
 */
export function useTestbedStation(prefix: string): { station: StationFixture; dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const station = useStation({ extraArgs: ['--data-dir', dataDir, '--no-demo', '--no-smurf'] });
  afterAll(async () => {
    await new SupervisorBridge({ dataDir }).shutdown(10_000);
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);
  return { station, dataDir };
}

/** The shipped testbed.toml with its own namespace and the given agent keys switched on or off. */
export function shippedTestbedConfig(namespace: string, agents: Partial<Record<AgentKey, boolean>>): string {
  let text = readFileSync(join(DEFAULT_TESTBED_CONFIG_DIR, 'testbed.toml'), 'utf8').replace('namespace = "torre1"', `namespace = "${namespace}"`);
  for (const [key, enabled] of Object.entries(agents)) text = text.replace(new RegExp(`\\[agents\\.${key}\\]\\nenabled = (true|false)`), `[agents.${key}]\nenabled = ${String(enabled)}`);
  return text;
}
