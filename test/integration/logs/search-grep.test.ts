import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogFile } from '../../../main/logs/log-file.js';

const dir = mkdtempSync(join(tmpdir(), 'logs-grep-'));
const path = join(dir, 'mixed.log');
let file: LogFile;

beforeAll(async () => {
  // Several 4 MiB chunks, empty lines, CRLF lines, UTF-8, a long line and no newline at the end.
  const levels = ['INFO', 'ERROR', 'WARNING', 'DEBUG', 'info'];
  const lines: string[] = [];
  for (let i = 0; i < 200_000; i++) {
    const r = (i * 2654435761) >>> 0;
    if (r % 97 === 0) lines.push('');
    else if (r % 89 === 0) lines.push(`2025-01-01 00:00:00,000 ${levels[r % 5]} crlf line ${i}\r`);
    else if (r % 83 === 0) lines.push(`2025-01-01 00:00:00,000 INFO détecteur µ ü stream ${i} Error`);
    else lines.push(`2025-01-01 00:00:00,${String(i % 1000).padStart(3, '0')} ${levels[r % 5]} agent-${r % 7} stf run=${r % 1000} error_code=${r % 13}`);
  }
  lines.push('x'.repeat(5 * 1024 * 1024) + ' ERROR inside a 5 MiB line');
  writeFileSync(path, lines.join('\n'));
  file = await LogFile.open(path);
});
afterAll(async () => {
  await file.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `grep -n` (no shell) → matching line numbers. */
async function grepLines(args: string[]): Promise<number[]> {
  const { stdout } = await execa('/usr/bin/grep', ['-n', ...args, path], { reject: false, env: { LC_ALL: 'C.UTF-8' }, maxBuffer: 1e9 });
  return stdout ? stdout.split('\n').map((l) => Number(l.slice(0, l.indexOf(':')))) : [];
}

describe('search equals grep -n on the same file', () => {
  it.each([
    ['plain', 'ERROR', false, true, ['-F', '-e', 'ERROR']],
    ['plain, case-insensitive', 'error', false, false, ['-F', '-i', '-e', 'error']],
    ['plain UTF-8', 'ü stream', false, true, ['-F', '-e', 'ü stream']],
    ['regex', 'agent-[35] stf run=9[0-9]+ ', true, true, ['-E', '-e', 'agent-[35] stf run=9[0-9]+ ']],
    ['regex anchored', '^2025.*code=1[12]$', true, true, ['-E', '-e', '^2025.*code=1[12]$']],
    ['regex empty line', '^$', true, true, ['-E', '-e', '^$']],
    ['regex case-insensitive alternation', 'warning|crlf', true, false, ['-E', '-i', '-e', 'warning|crlf']],
  ] as const)('%s', async (_name, query, regex, caseSensitive, grepArgs) => {
    const expected = await grepLines([...grepArgs]);
    expect(expected.length).toBeGreaterThan(0);
    const next = await file.search({ query, regex, caseSensitive, direction: 'next', limit: 5000 });
    expect(next.total).toBe(expected.length);
    expect(next.lines).toEqual(expected.slice(0, 5000));
    const prev = await file.search({ query, regex, caseSensitive, direction: 'prev', limit: 100 });
    expect(prev.lines).toEqual(expected.slice(-100).reverse());
  });
});
