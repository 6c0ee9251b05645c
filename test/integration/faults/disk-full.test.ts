/**
 * Fault: the station's data dir (store and logs/station.log) is a 2 MiB tmpfs that fills up while the
 * station writes. The write error is reported (naming the problem), the station keeps answering, the
 * store passes `PRAGMA integrity_check`, and once space returns a new record is written and read back.
 * Needs root (mount -t tmpfs); fails with a clear message otherwise.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync, writeSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStation, type Station } from '../../../main/station/index.js';
import { STORE_FILE_NAME } from '../../../main/store/index.js';

let mountDir: string;
let mounted = false;
let station: Station | undefined;
/** What the station reports (its `log` sink: stderr in `station serve`). */
const reported: string[] = [];

beforeAll(() => {
  mountDir = mkdtempSync(join(tmpdir(), 'station-fault-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountDir], { stdio: 'pipe' });
    mounted = true;
  } catch (error) {
    throw new Error(`the disk-full test mounts a 2 MiB tmpfs and needs root: mount -t tmpfs failed: ${(error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message}`);
  }
});

afterAll(async () => {
  await station?.close();
  if (mounted) execFileSync('umount', [mountDir]);
  rmSync(mountDir, { recursive: true, force: true });
});

/** Fills the filesystem with `file` until ENOSPC; returns the bytes written. */
function fill(file: string): number {
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(16 * 1024, 0x61);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return written;
}

describe('disk full under the station data dir', () => {
  it('reports the write error, does not crash or corrupt the store, and resumes writing when space returns', async () => {
    station = await createStation({ mode: 'headless', wampPort: 0, demo: false, smurf: false, dataDir: mountDir, log: (level, message) => reported.push(`${level}: ${message}`), supervisordPath: '/nonexistent/supervisord' });
    const audited = () => station!.table.invoke('op:start', { address: 'observatory.nobody', op: 'nothing' });
    for (let i = 0; i < 20; i += 1) expect((await audited()).ok).toBe(false);
    const countBefore = station.store.audit.count();
    expect(countBefore).toBe(20);

    const filler = join(mountDir, 'filler.bin');
    const filled = fill(filler);
    // Keep writing (audit rows carry big params, so the store must grow) until the error shows.
    const big = 'x'.repeat(4000);
    const envelopes = [];
    for (let i = 0; i < 200; i += 1) envelopes.push(await station.table.invoke('op:start', { address: 'observatory.nobody', op: 'nothing', params: { big: `${big}${i}` } }));
    // The station keeps answering every request (the agent_error of the missing agent), none is lost or thrown.
    expect(envelopes.every((envelope) => !envelope.ok && envelope.error.code === 'agent_error')).toBe(true);
    const report = reported.join('\n');
    expect(report, 'a warning naming the full disk').toMatch(/SQLITE_FULL|database or disk is full|ENOSPC|no space left/i);

    const db = new Database(join(mountDir, STORE_FILE_NAME), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }

    unlinkSync(filler);
    const countFull = station.store.audit.count();
    await audited();
    const latest = station.store.audit.list({ limit: 1 })[0];
    expect(station.store.audit.count()).toBe(countFull + 1);
    expect(latest).toMatchObject({ action: 'op:start', target: expect.stringContaining('observatory.nobody') });
    console.info(`[faults] disk full: filler ${filled} bytes; ${countFull - countBefore} of 200 audit rows written while full; warning: ${report.match(/.*(SQLITE_FULL|disk is full|ENOSPC|no space left).*/i)?.[0]}`);
  }, 40_000);
});
