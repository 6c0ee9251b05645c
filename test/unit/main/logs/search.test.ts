import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LogFile } from '../../../../main/logs/log-file.js';
import { compileQuery, PageCollector } from '../../../../main/logs/search.js';
import { VirtualSource } from '../../../../main/logs/virtual-source.js';
import { readWindow } from '../../../../main/logs/views.js';

const dir = mkdtempSync(join(tmpdir(), 'logs-search-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LINES = ['', 'INFO alpha', 'ERROR Beta failed', 'DEBUG gamma', 'ERROR beta again', 'WARN ünïcode beta', 'no newline at end beta'];

async function fileWith(lines: string[]): Promise<LogFile> {
  const path = join(dir, `f${Math.random()}.log`);
  writeFileSync(path, lines.join('\n'));
  const file = await LogFile.open(path);
  await file.whenIndexed();
  return file;
}

describe('search', () => {
  it('counts matching lines and pages forward and backward (plain, case-insensitive, regex, level)', async () => {
    const file = await fileWith(LINES);
    const search = (over: object) => file.search({ query: 'beta', regex: false, caseSensitive: false, direction: 'next', limit: 10, ...over });
    expect(await search({})).toMatchObject({ total: 4, lines: [3, 5, 6, 7], scannedLines: 7 });
    expect(await search({ caseSensitive: true })).toMatchObject({ total: 3, lines: [5, 6, 7] });
    expect(await search({ direction: 'prev', fromLine: 6, limit: 1 })).toMatchObject({ total: 4, lines: [5] });
    expect(await search({ direction: 'next', fromLine: 6, limit: 1 })).toMatchObject({ lines: [6] });
    expect(await search({ levels: ['ERROR'] })).toMatchObject({ total: 2, lines: [3, 5] });
    expect(await search({ query: '^$', regex: true })).toMatchObject({ total: 1, lines: [1] });
    expect(await search({ query: 'b.ta (failed|again)$', regex: true })).toMatchObject({ total: 2, lines: [3, 5] });
    expect(await search({ query: 'ü', caseSensitive: true })).toMatchObject({ total: 1, lines: [6] });
    await file.close();
  });

  it('refuses a bad regex and a newline with a readable message', () => {
    expect(() => compileQuery('(', true, true)).toThrow(/invalid regular expression/);
    expect(() => compileQuery('a\nb', false, true)).toThrow(/newline/);
  });

  it('keeps the last `limit` keys for prev pages', () => {
    const c = new PageCollector(undefined, 'prev', 3);
    for (let i = 1; i <= 10; i++) c.add(i);
    expect([c.total, c.keys()]).toEqual([10, [10, 9, 8]]);
  });

  it('searches and windows virtual sources like files', async () => {
    const rows = LINES.slice(1);
    const source = new VirtualSource((cursor) => ({ lines: rows.slice(cursor, cursor + 2), cursor: Math.min(cursor + 2, rows.length) }));
    expect(source.totalLines()).toBe(6);
    expect(await source.search({ query: 'beta', regex: false, caseSensitive: false, direction: 'next', limit: 10 })).toMatchObject({ total: 4, lines: [2, 4, 5, 6] });
    const window = await readWindow('agent:x', source, 2, 2, ['ERROR']);
    expect(window.lines.map((l) => [l.n, l.level])).toEqual([[2, 'ERROR'], [4, 'ERROR']]);
  });
});
