import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUPERVISOR_INSTALL_HINT, SupervisorNotInstalled } from '../../../../../main/testbed/supervisor/errors.js';
import { findSupervisord, requireSupervisord } from '../../../../../main/testbed/supervisor/locate.js';

describe('findSupervisord', () => {
  it('finds the installed supervisord on PATH', () => {
    expect(findSupervisord({ env: { PATH: '/nonexistent:/usr/bin' }, fallbackDirs: [] })).toBe('/usr/bin/supervisord');
  });

  it('falls back to /usr/bin when PATH lacks it (a desktop-launched app)', () => {
    expect(findSupervisord({ env: { PATH: '/nonexistent' } })).toBe('/usr/bin/supervisord');
  });

  it('returns null for a PATH without it and no fallback, and for a missing explicit path', () => {
    expect(findSupervisord({ env: { PATH: '/nonexistent' }, fallbackDirs: [] })).toBeNull();
    expect(findSupervisord({ env: {}, fallbackDirs: [] })).toBeNull();
    expect(findSupervisord({ supervisordPath: '/nonexistent/supervisord' })).toBeNull();
    // A directory or a non-executable file is not an installed supervisord either.
    expect(findSupervisord({ supervisordPath: '/usr/bin' })).toBeNull();
    const plainFile = join(mkdtempSync(join(tmpdir(), 'sv-locate-')), 'supervisord');
    writeFileSync(plainFile, '#!/bin/sh\n', { mode: 0o644 });
    expect(findSupervisord({ supervisordPath: plainFile })).toBeNull();
  });
});

describe('requireSupervisord', () => {
  it('throws SupervisorNotInstalled saying so and how to install it', () => {
    let error: unknown;
    try {
      requireSupervisord({ env: { PATH: '/nonexistent' }, fallbackDirs: [] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SupervisorNotInstalled);
    expect((error as Error).message).toBe(`supervisord is not installed (looked for supervisord on PATH and in no other directory). ${SUPERVISOR_INSTALL_HINT}`);
    expect((error as Error).message).toMatch(/apt-get install supervisor.*pip install supervisor/);
  });

  it('names an explicit path that is missing', () => {
    expect(() => requireSupervisord({ supervisordPath: '/opt/none/supervisord' })).toThrow(/supervisord is not installed \(looked for \/opt\/none\/supervisord\)/);
  });
});
