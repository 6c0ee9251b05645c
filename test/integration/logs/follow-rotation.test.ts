import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogAppendedPush } from '../../../shared/logs.js';
import { LogsService } from '../../../main/station/logs-service.js';

const dir = mkdtempSync(join(tmpdir(), 'logs-follow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A LogsService whose pushes are collected; `lines` are every pushed line's text, `added` the counts. */
function followService(): { service: LogsService; pushes: LogAppendedPush[]; added: () => number; until: (done: () => boolean) => Promise<void> } {
  const pushes: LogAppendedPush[] = [];
  const service = new LogsService({ dataDir: dir, store: null, publish: (_channel, payload) => pushes.push(...(payload as LogAppendedPush[])) });
  const until = async (done: () => boolean): Promise<void> => {
    for (const deadline = Date.now() + 10_000; !done(); ) {
      if (Date.now() > deadline) throw new Error('timed out waiting for follow pushes');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { service, pushes, added: () => pushes.reduce((sum, p) => sum + p.added, 0), until };
}

const line = (i: number): string => `2025-01-01T00:00:00.000Z INFO writer seq=${i}\n`;

describe('follow mode (real files, real renames)', () => {
  it('keeps up with a writer and misses no line across rotations', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, '');
    const { service, pushes, until } = followService();
    const source = await service.open(path);
    await service.follow(source.id, true);
    // Every line's seq, from the old file before the rename and the new one after, in batches that interleave with rotations.
    const seen: number[] = [];
    let rotations = 0;
    const collect = (): void => {
      for (const push of pushes.splice(0)) {
        // newLines carry the last ≤ 500 lines; small batches here keep them complete, so every seq is checked.
        expect(push.newLines.length).toBe(push.added);
        for (const l of push.newLines) seen.push(Number(/seq=(\d+)/.exec(l.text)?.[1]));
        rotations = push.rotations;
      }
    };
    let seq = 0;
    for (let round = 0; round < 3; round++) {
      for (let batch = 0; batch < 20; batch++) {
        appendFileSync(path, Array.from({ length: 10 }, () => line(seq++)).join(''));
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      // logrotate's default (create): rename, then the writer opens a new file and goes on.
      renameSync(path, `${path}.${round + 1}`);
      appendFileSync(path, line(seq++));
      await until(() => (collect(), seen.length === seq));
    }
    collect();
    expect(seen).toEqual(Array.from({ length: seq }, (_, i) => i));
    expect(rotations).toBe(3);
    await service.shutdown();
  });

  it('follows a truncation (copytruncate): the index restarts and the next push says reset', async () => {
    const path = join(dir, 'trunc.log');
    writeFileSync(path, line(0) + line(1) + line(2));
    const { service, pushes, until } = followService();
    const source = await service.open(path);
    expect((await service.window(source.id, 1, 10)).totalLines).toBe(3);
    await service.follow(source.id, true);
    writeFileSync(path, line(100));
    await until(() => pushes.some((p) => p.reset));
    const reset = pushes.find((p) => p.reset) as LogAppendedPush;
    expect(reset).toMatchObject({ truncations: 1, totalLines: 1, added: 1 });
    expect(reset.newLines.map((l) => l.n)).toEqual([1]);
    expect((await service.window(source.id, 1, 10)).lines.map((l) => l.text)).toEqual([line(100).trimEnd()]);
    await service.shutdown();
  });

  it('refuses directories and missing files with a clear error', async () => {
    const { service } = followService();
    await expect(service.open(dir)).rejects.toThrow(/not a regular file \(a directory\)/);
    await expect(service.open(join(dir, 'missing.log'))).rejects.toThrow(/no such file/);
    await expect(service.open('/dev/null')).rejects.toThrow(/not a regular file/);
  });
});
