import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findScript } from '../../../../../main/agents/pysmurf-controller/script-paths.js';

let root: string;
let allowed: string;
let secret: string;

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'script-paths-')));
  allowed = join(root, 'scripts');
  mkdirSync(join(allowed, 'sub'), { recursive: true });
  writeFileSync(join(allowed, 'tune.py'), 'print(1)\n');
  writeFileSync(join(allowed, 'sub', 'deep.py'), 'print(2)\n');
  secret = join(root, 'outside.py');
  writeFileSync(secret, 'print("escaped")\n');
  symlinkSync(secret, join(allowed, 'escape.py'));
  symlinkSync(root, join(allowed, 'uplink'));
  symlinkSync(join(allowed, 'tune.py'), join(allowed, 'alias.py'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('findScript', () => {
  it('accepts absolute and relative paths of files inside an allowed directory', () => {
    expect(findScript(join(allowed, 'tune.py'), [allowed])).toEqual({ ok: true, path: join(allowed, 'tune.py') });
    expect(findScript('sub/deep.py', [allowed])).toEqual({ ok: true, path: join(allowed, 'sub', 'deep.py') });
  });

  it('follows a symlink that stays inside and reports its real path', () => {
    expect(findScript('alias.py', [allowed])).toEqual({ ok: true, path: join(allowed, 'tune.py') });
  });

  it('refuses a symlink that escapes the allowed directories, naming them', () => {
    const result = findScript('escape.py', [allowed]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toContain('outside the allowed script directories');
      expect(result.reason).toContain(allowed);
    }
    expect(findScript('uplink/outside.py', [allowed]).ok).toBe(false);
  });

  it('refuses .. traversal, absolute paths elsewhere, missing files, directories and empty input', () => {
    expect(findScript('../outside.py', [allowed])).toMatchObject({ ok: false, reason: expect.stringContaining('outside') });
    expect(findScript(secret, [allowed])).toMatchObject({ ok: false, reason: expect.stringContaining('outside') });
    expect(findScript('nope.py', [allowed])).toMatchObject({ ok: false, reason: expect.stringContaining('does not exist') });
    expect(findScript('sub', [allowed])).toMatchObject({ ok: false, reason: expect.stringContaining('not a regular file') });
    expect(findScript('', [allowed])).toMatchObject({ ok: false, reason: expect.stringContaining('empty') });
  });
});
