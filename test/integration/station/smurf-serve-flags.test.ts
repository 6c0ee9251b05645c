/**
 * `station serve` with the smurf flags, as its own process: `--data-dir` puts the store there and the
 * simulated crate comes up on the embedded router; `--no-smurf` leaves the crate out.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStation } from '../../helpers/station.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smurf-serve-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('station serve smurf flags', () => {
  it('--data-dir holds the store and the crate runs by default', async () => {
    const dataDir = join(dir, 'with-crate');
    const proc = startStation(['serve', '--port', '0', '--wamp-port', '0', '--no-demo', '--data-dir', dataDir]);
    try {
      await proc.waitForLine(/simulated smurf crate: 4 controllers, manager observatory\.multismurf, monitor on UDP port \d+/);
      await proc.waitForLine(new RegExp(`station data in ${dataDir}$`));
      expect(existsSync(join(dataDir, 'station.sqlite'))).toBe(true);
    } finally {
      expect(await proc.stop('SIGINT')).toBe(0);
    }
  });

  it('--no-smurf starts no crate but still opens the store', async () => {
    const dataDir = join(dir, 'no-crate');
    const proc = startStation(['serve', '--port', '0', '--wamp-port', '0', '--no-demo', '--no-smurf', '--data-dir', dataDir]);
    try {
      await proc.waitForLine(/station data in /);
      expect(proc.lines.join('\n')).not.toContain('simulated smurf crate');
      expect(existsSync(join(dataDir, 'station.sqlite'))).toBe(true);
    } finally {
      expect(await proc.stop('SIGINT')).toBe(0);
    }
  });
});
