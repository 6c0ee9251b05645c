import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStation } from '../../helpers/station.js';

const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'station-electron-'));
  // The `electron` package resolves its binary under ELECTRON_OVERRIDE_DIST_PATH: an empty directory
  // means "no runtime" on every machine; one holding a script stands in for the runtime.
  writeFileSync(join(dir, 'electron'), '#!/bin/sh\necho "fake electron args: $*"\necho "ELECTRON_RUN_AS_NODE=${ELECTRON_RUN_AS_NODE:-unset}"\nexit 3\n');
  chmodSync(join(dir, 'electron'), 0o755);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('station desktop', () => {
  it('without an Electron runtime says so in one line and serves the headless station', async () => {
    const station = startStation(['desktop', '--port', '0', '--wamp-port', '0'], { ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'empty') });
    try {
      await station.waitForLine(/^station serve: open http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
      const notices = station.lines.filter((line) => line.includes('Electron'));
      expect(notices).toEqual(['station: no Electron runtime installed (it is downloaded by npm ci on a networked machine); serving the headless station instead']);
    } finally {
      const code = await station.stop('SIGTERM');
      expect(code, `signal ${station.child.signalCode}; ${station.lines.join('\n')}`).toBe(0);
    }
  });

  it('with a runtime runs it on the project root without ELECTRON_RUN_AS_NODE and forwards its exit code', async () => {
    const station = startStation(['desktop'], { ELECTRON_OVERRIDE_DIST_PATH: dir, ELECTRON_RUN_AS_NODE: '1' });
    expect(await station.exited()).toBe(3);
    expect(station.lines).toContain(`fake electron args: ${PROJECT_ROOT}`);
    expect(station.lines).toContain('ELECTRON_RUN_AS_NODE=unset');
  });
});
