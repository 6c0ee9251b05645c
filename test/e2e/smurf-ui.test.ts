import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EncodedSession, OpReply } from '../../shared/ocs-codes.js';
import { openSession } from '../helpers/autobahn.js';
import { screenshot } from '../helpers/browser.js';
import { SmurfDataFilesPage } from './pages/smurf-datafiles.js';
import { SmurfScriptsPage } from './pages/smurf-scripts.js';
import { SmurfSlotsPage } from './pages/smurf-slots.js';
import { useStation } from './station-fixture.js';

const SLOTS = ['crate1slot2', 'crate1slot3', 'crate1slot4', 'crate1slot5'];
const MANAGER = 'observatory.multismurf';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// Registered before the station fixture, so it runs after the station has stopped (hooks unwind in reverse).
const dataDir = mkdtempSync(join(tmpdir(), 'station-e2e-smurf-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const station = useStation({ extraArgs: ['--data-dir', dataDir] });

/** Asks the manager itself (over the serve's router) for an op's session, to compare the UI with the wire. */
async function managerSessionOnTheWire(op: string): Promise<EncodedSession | null> {
  const peer = await openSession(station.serve.wampUrl, station.serve.realm);
  try {
    const reply = (await peer.session.call(`${MANAGER}.ops`, ['status', op])) as OpReply;
    return 'session_id' in reply[2] ? (reply[2] as EncodedSession) : null;
  } finally {
    await peer.close();
  }
}

/** Checks that `path` holds a real, non-trivial PNG. */
function expectPng(path: string): void {
  expect(readFileSync(path).subarray(0, 8).equals(PNG_SIGNATURE), `${path} starts with the PNG signature`).toBe(true);
  expect(statSync(path).size).toBeGreaterThan(8 * 1024);
}

describe('smurf views (station serve with the simulated crate, in Chromium)', () => {
  it('shows one card per simulated slot, all alive', async () => {
    const smurf = new SmurfSlotsPage(station.page);
    await smurf.open();
    await expect.poll(() => smurf.aliveIds(), { timeout: 30_000, interval: 250 }).toEqual(SLOTS);
    expect(await smurf.card('crate1slot2').textContent()).toContain('c1 s2');
  });

  it('selects 3 slots with click and shift-click, runs a fan-out op and shows 3 per-slot results', async () => {
    const smurf = new SmurfSlotsPage(station.page);
    await smurf.card('crate1slot2').click();
    await smurf.card('crate1slot4').click({ modifiers: ['Shift'] });
    expect(await smurf.selectedIds()).toEqual(['crate1slot2', 'crate1slot3', 'crate1slot4']);
    await smurf.card('crate1slot3').click({ modifiers: ['Control'] });
    expect(await smurf.selectedIds()).toEqual(['crate1slot2', 'crate1slot4']);
    await smurf.card('crate1slot5').click({ modifiers: ['Control'] });
    expect(await smurf.selectedIds()).toEqual(['crate1slot2', 'crate1slot4', 'crate1slot5']);

    await expect.poll(() => smurf.op.inputValue(), { timeout: 10_000 }).toBe('take_noise');
    await smurf.param('duration').fill('1');
    await smurf.param('kwargs').fill('{"sim_duration": 1}');
    await smurf.unlock();
    await smurf.run.click();
    await expect
      .poll(() => smurf.targetStatuses(), { timeout: 30_000, interval: 200 })
      .toEqual({ crate1slot2: expect.stringMatching(/^done – OK/), crate1slot4: expect.stringMatching(/^done – OK/), crate1slot5: expect.stringMatching(/^done – OK/) });
    await expect.poll(() => smurf.resultText(), { timeout: 10_000, interval: 200 }).toMatch(/^take_noise done – OK/);
    // The manager reports the same on the wire: three targets, all succeeded.
    const wire = (await managerSessionOnTheWire('take_noise'))!;
    expect(wire.success).toBe(true);
    expect(Object.keys((wire.data as { sessions: object }).sessions).sort()).toEqual(['crate1slot2', 'crate1slot4', 'crate1slot5']);
    // Each slot's session.data carries the script's results (merged from its session_data datagrams).
    await expect.poll(() => smurf.target('crate1slot4').getByTestId('fanout-target-data').textContent(), { timeout: 5_000 }).toContain('filepath');
    expectPng(await screenshot(station.page, 'smurf'));
  });

  it('asks before a dangerous op, naming it and the slots, and runs it only when confirmed', async () => {
    const smurf = new SmurfSlotsPage(station.page);
    await smurf.clearSelection.click();
    await smurf.card('crate1slot3').click();
    await smurf.op.selectOption('all_off');
    await smurf.unlock();
    await smurf.run.click();
    const dialog = station.page.getByTestId('confirm-dialog');
    await dialog.waitFor({ state: 'visible', timeout: 5_000 });
    expect(await dialog.textContent()).toContain('all_off');
    expect(await dialog.getByTestId('fanout-confirm-slots').textContent()).toBe('crate1slot3');
    await smurf.confirm.click();
    await expect.poll(() => smurf.targetStatus('crate1slot3'), { timeout: 30_000, interval: 200 }).toMatch(/^done – OK/);
    expect((await managerSessionOnTheWire('all_off'))?.success).toBe(true);
  });

  it('launches a script on one slot, shows its live output, aborts it and keeps the run in history', async () => {
    const scripts = new SmurfScriptsPage(station.page);
    await scripts.open();
    await scripts.entry('hello_smurf.py').click({ timeout: 10_000 });
    await scripts.setArgs(['--duration', '60', '--interval', '0.2']);
    const smurf = new SmurfSlotsPage(station.page);
    await smurf.card('crate1slot5').click();
    expect(await smurf.selectedIds()).toEqual(['crate1slot5']);
    await smurf.unlock();
    await scripts.run.click();
    await expect.poll(async () => (await scripts.outputLines('crate1slot5')).join('\n'), { timeout: 15_000, interval: 100 }).toMatch(/line 3 at/);
    expect((await scripts.outputLines('crate1slot5')).join('\n')).toContain('SMURFPUB_ID=crate1slot5');
    // The controller's run session as the manager follows it (in slices of ~0.5 s).
    await expect.poll(() => scripts.outputStatus('crate1slot5'), { timeout: 5_000, interval: 100 }).toMatch(/^running \(\d+(\.\d)? s\)$/);
    // The view follows the tail: the newest line keeps appearing.
    const before = (await scripts.outputLines('crate1slot5')).at(-1);
    await expect.poll(async () => (await scripts.outputLines('crate1slot5')).at(-1), { timeout: 5_000, interval: 100 }).not.toBe(before);

    await scripts.abort.click();
    await expect.poll(() => scripts.outputStatus('crate1slot5'), { timeout: 15_000, interval: 100 }).toMatch(/^done – ERROR/);
    await expect.poll(() => scripts.outputExit('crate1slot5'), { timeout: 10_000, interval: 100 }).toMatch(/^(killed \(SIG[A-Z]+\)|exit [1-9]\d*)$/);

    const runId = await scripts.output('crate1slot5').getAttribute('data-run-id');
    expect(runId).toMatch(/^\d+$/);
    const cells = await scripts.historyCells(runId!);
    expect(cells.slice(0, 4)).toEqual(['hello_smurf.py', '--duration 60 --interval 0.2', 'crate1slot5', 'run']);
    expect(cells[6]).toMatch(/^(killed \(SIG[A-Z]+\)|exit [1-9]\d*)$/);
    // A click shows the stored output of that run.
    await station.page.locator(`[data-testid="script-history-row"][data-run-id="${runId}"]`).click();
    await expect.poll(() => scripts.historyOutput.locator('.output-text').allTextContents(), { timeout: 10_000 }).toContain('args: --duration 60 --interval 0.2');
    // Show the live output and the history in the screenshot.
    await scripts.output('crate1slot5').evaluate((panel) => panel.closest('section')?.scrollIntoView({ block: 'start' }));
    expectPng(await screenshot(station.page, 'scripts'));
  });

  it('lists the data files the fan-out registered, filtered by slot and action', async () => {
    const files = new SmurfDataFilesPage(station.page);
    await files.open();
    await expect.poll(() => files.rows.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const keys = await files.rowKeys();
    expect(new Set(keys.filter(([, action]) => action === 'take_noise').map(([pubId]) => pubId))).toEqual(new Set(['crate1slot2', 'crate1slot4', 'crate1slot5']));
    await files.slotFilter.selectOption('crate1slot4');
    await expect.poll(async () => [...new Set((await files.rowKeys()).map(([pubId]) => pubId))], { timeout: 5_000 }).toEqual(['crate1slot4']);
    await files.actionFilter.selectOption('take_noise');
    await expect.poll(async () => [...new Set((await files.rowKeys()).map(([, action]) => action))], { timeout: 5_000 }).toEqual(['take_noise']);
    await files.slotFilter.selectOption('');
    await files.actionFilter.selectOption('');
    expectPng(await screenshot(station.page, 'datafiles'));
  });

  it('left no uncaught errors or console errors in the page', () => {
    expect(station.pageErrors).toEqual([]);
  });
});
