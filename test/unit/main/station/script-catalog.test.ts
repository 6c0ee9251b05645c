import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listScripts } from '../../../../main/station/script-catalog.js';

describe('listScripts', () => {
  let root: string;
  let scripts: string;
  let outside: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'script-catalog-'));
    scripts = join(root, 'scripts');
    outside = join(root, 'outside');
    mkdirSync(join(scripts, 'tune', '__pycache__'), { recursive: true });
    mkdirSync(join(scripts, '.hidden'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(scripts, 'b_noise.py'), 'print(1)\n');
    writeFileSync(join(scripts, 'a_iv.sh'), 'echo 1\n');
    writeFileSync(join(scripts, '.secret.py'), '');
    writeFileSync(join(scripts, 'tune', 'tune_squids.py'), 'x = 1\n');
    writeFileSync(join(scripts, 'tune', '__pycache__', 'tune_squids.cpython-311.pyc'), '');
    writeFileSync(join(scripts, '.hidden', 'x.py'), '');
    writeFileSync(join(outside, 'evil.py'), '');
    symlinkSync(join(outside, 'evil.py'), join(scripts, 'escape.py'));
    symlinkSync(outside, join(scripts, 'escape-dir'));
    symlinkSync(join(scripts, 'a_iv.sh'), join(scripts, 'alias.sh'));
    symlinkSync(scripts, join(scripts, 'tune', 'loop'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists regular files recursively, sorted, without hidden entries, caches or symlink escapes', async () => {
    const entries = await listScripts([scripts]);
    expect(entries.map((entry) => entry.name)).toEqual(['a_iv.sh', 'alias.sh', 'b_noise.py', join('tune', 'tune_squids.py')]);
    const noise = entries.find((entry) => entry.name === 'b_noise.py');
    expect(noise).toMatchObject({ path: join(scripts, 'b_noise.py'), dir: scripts, sizeBytes: 9 });
    expect(noise?.modified).toBeGreaterThan(Date.now() / 1000 - 60);
  });

  it('lists several directories and ignores missing ones', async () => {
    const entries = await listScripts([join(root, 'missing'), outside, scripts]);
    expect(entries.map((entry) => entry.path)).toContain(join(outside, 'evil.py'));
    expect(entries).toHaveLength(5);
  });
});
