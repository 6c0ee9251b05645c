import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LogFile } from '../../../../main/logs/log-file.js';
import { jumpToTime, readMerged, readWindow } from '../../../../main/logs/views.js';

const dir = mkdtempSync(join(tmpdir(), 'logs-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('LogFile', () => {
  it('indexes incrementally in chunks and reads windows by line number', async () => {
    const path = join(dir, 'big.log');
    const lines = Array.from({ length: 300_000 }, (_, i) => `2025-01-01T00:00:${String(i % 60).padStart(2, '0')}Z INFO line ${i + 1}`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    const file = await LogFile.open(path);
    const first = await readWindow('f', file, 1, 3);
    expect(first.lines.map((l) => l.text)).toEqual(lines.slice(0, 3));
    expect(first.lines[0]).toMatchObject({ n: 1, level: 'INFO', time: Date.UTC(2025, 0, 1) });
    await file.whenIndexed();
    expect(file.totalLines()).toBe(300_000);
    const last = await readWindow('f', file, 299_999, 10);
    expect(last.lines.map((l) => l.n)).toEqual([299_999, 300_000]);
    expect(last).toMatchObject({ nextLine: 300_001, totalLines: 300_000, indexed: true, rotated: false, truncated: false });
    await file.close();
  });

  it('counts a last line without newline, appends it once completed, and restarts on truncation', async () => {
    const path = join(dir, 'grow.log');
    writeFileSync(path, 'a\nb');
    const file = await LogFile.open(path);
    await file.whenIndexed();
    expect([file.totalLines(), file.completeLines()]).toEqual([2, 1]);
    const events: Array<{ added: number; reset: boolean }> = [];
    file.onAppend((e) => void events.push(e));
    appendFileSync(path, 'c\nd\n');
    await file.refresh();
    expect(events).toEqual([{ added: 2, reset: false }]);
    expect((await file.readLines(2, 5)).map((l) => l.text)).toEqual(['bc', 'd']);
    writeFileSync(path, 'x\n');
    await file.refresh();
    expect(events.at(-1)).toEqual({ added: 1, reset: true });
    expect(file.state()).toMatchObject({ totalLines: 1, truncations: 1, rotations: 0 });
    expect((await readWindow('f', file, 3, 5)).truncated).toBe(true);
    await file.close();
  });

  it('cuts very long lines and strips CR', async () => {
    const path = join(dir, 'long.log');
    writeFileSync(path, `${'x'.repeat(100_000)}\r\nshort\r\n`);
    const file = await LogFile.open(path);
    const [long, short] = await file.readLines(1, 2);
    expect([long.text.length, long.cut, short]).toEqual([64 * 1024, true, { text: 'short', cut: false }]);
    await file.close();
  });

  it('jumps to a time and merges sources by timestamp, continuation lines staying with their line', async () => {
    const a = join(dir, 'a.log');
    const b = join(dir, 'b.log');
    writeFileSync(a, '2025-01-01T00:00:01Z INFO a1\nTraceback\n2025-01-01T00:00:03Z INFO a3\n');
    writeFileSync(b, '2025-01-01T00:00:02Z INFO b2\n2025-01-01T00:00:04Z INFO b4\n');
    const [fa, fb] = await Promise.all([LogFile.open(a), LogFile.open(b)]);
    expect(await jumpToTime(fa, Date.UTC(2025, 0, 1, 0, 0, 2))).toBe(3);
    expect(await jumpToTime(fa, Date.UTC(2025, 0, 1, 0, 0, 9))).toBe(3);
    const sources = [{ id: 'file:a', source: fa }, { id: 'file:b', source: fb }];
    const page1 = await readMerged(sources, 3, undefined, undefined);
    expect(page1.lines.map((l) => l.text.split(' ').pop() ?? l.text)).toEqual(['a1', 'Traceback', 'b2']);
    const page2 = await readMerged(sources, 3, undefined, page1.cursor ?? undefined);
    expect(page2.lines.map((l) => `${l.sourceId}:${l.n}`)).toEqual(['file:a:3', 'file:b:2']);
    expect(page2.cursor).toBeNull();
    await Promise.all([fa.close(), fb.close()]);
  });
});
