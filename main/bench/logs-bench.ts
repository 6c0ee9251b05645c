/**
 * `station bench logs`: on a generated log (default 1 GiB) in a temp dir, time to first screen (open +
 * index the first window + read it, while the rest indexes in the background), full-file search
 * against `grep -c` on the same file in the same run, follow throughput with a writer process
 * appending lines (every line counted), and main's RSS above idle while viewing.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { LogAppendedPush } from '../../shared/logs.js';
import { LogFile } from '../logs/log-file.js';
import { readWindow } from '../logs/views.js';
import { LogsService } from '../station/logs-service.js';
import { FOLLOW_WRITER, GENERATE_LOG } from './logs-bench-data.js';

export const LOGS_BENCH_DEFAULTS = { sizeMb: 1024, followLines: 1_000_000, query: 'ERROR' };

export interface LogsBenchOptions {
  sizeMb: number;
  followLines: number;
  query: string;
  onProgress?: (line: string) => void;
}

export interface LogsBenchResult {
  file_bytes: number;
  first_screen_ms: number;
  search_ms: number;
  grep_ms: number;
  follow_lines_per_s: number;
  dropped_lines: number;
  rss_mb_above_idle: number;
  setup: {
    size_mb: number;
    lines: number;
    generate_ms: number;
    first_screen_lines: number;
    full_index_ms: number;
    index_mb: number;
    query: string;
    search_matches: number;
    grep_matches: number;
    search_over_grep: number;
    follow_lines: number;
    follow_writer_ms: number;
    follow_pushes: number;
    idle_rss_mb: number;
    peak_rss_mb: number;
    targets: { first_screen_lt_1000_ms: boolean; search_le_1_5x_grep: boolean; follow_ge_50000_lines_per_s: boolean; no_dropped_lines: boolean; rss_lt_200_mb: boolean };
  };
}

const MB = 1024 * 1024;

/** Runs the bench; the generated files are deleted at the end, also on failure. */
export async function runLogsBench(options: LogsBenchOptions): Promise<LogsBenchResult> {
  const progress = options.onProgress ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'station-bench-logs-'));
  try {
    const path = join(dir, 'big.log');
    progress(`generating ${options.sizeMb} MB log in ${dir}`);
    let t = performance.now();
    const lines = Number((await execa(process.execPath, ['-e', GENERATE_LOG, path, String(options.sizeMb * MB)])).stdout);
    const generateMs = performance.now() - t;
    const fileBytes = statSync(path).size;

    const idle = process.memoryUsage().rss;
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);

    progress('first screen');
    t = performance.now();
    const file = await LogFile.open(path);
    const screen = await readWindow('bench', file, 1, 60);
    const firstScreenMs = performance.now() - t;
    await file.whenIndexed();
    const fullIndexMs = performance.now() - t;

    progress(`search "${options.query}" vs grep -c`);
    // Best of two each, alternating, so both see the same (warm) page cache.
    let searchMs = Infinity;
    let grepMs = Infinity;
    let searchMatches = 0;
    let grepMatches = 0;
    for (let round = 0; round < 2; round++) {
      t = performance.now();
      const found = await file.search({ query: options.query, regex: false, caseSensitive: true, direction: 'next', limit: 1000 });
      searchMs = Math.min(searchMs, performance.now() - t);
      searchMatches = found.total;
      t = performance.now();
      const grep = await execa('grep', ['-c', '-F', '-e', options.query, path], { reject: false, env: { LC_ALL: 'C' } });
      grepMs = Math.min(grepMs, performance.now() - t);
      grepMatches = Number(grep.stdout.trim());
    }
    const indexBytes = file.starts.byteSize();
    await file.close();
    rmSync(path);

    progress(`follow: a writer appends ${options.followLines} lines`);
    const follow = await measureFollow(dir, options.followLines);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);

    const round1 = (x: number): number => Math.round(x * 10) / 10;
    const result: LogsBenchResult = {
      file_bytes: fileBytes,
      first_screen_ms: round1(firstScreenMs),
      search_ms: round1(searchMs),
      grep_ms: round1(grepMs),
      follow_lines_per_s: Math.round(follow.linesPerS),
      dropped_lines: follow.dropped,
      rss_mb_above_idle: round1((peak - idle) / MB),
      setup: {
        size_mb: options.sizeMb,
        lines,
        generate_ms: Math.round(generateMs),
        first_screen_lines: screen.lines.length,
        full_index_ms: Math.round(fullIndexMs),
        index_mb: round1(indexBytes / MB),
        query: options.query,
        search_matches: searchMatches,
        grep_matches: grepMatches,
        search_over_grep: Math.round((searchMs / grepMs) * 100) / 100,
        follow_lines: options.followLines,
        follow_writer_ms: Math.round(follow.writerMs),
        follow_pushes: follow.pushes,
        idle_rss_mb: round1(idle / MB),
        peak_rss_mb: round1(peak / MB),
        targets: {
          first_screen_lt_1000_ms: firstScreenMs < 1000,
          search_le_1_5x_grep: searchMs <= 1.5 * grepMs,
          follow_ge_50000_lines_per_s: follow.linesPerS >= 50_000,
          no_dropped_lines: follow.dropped === 0,
          rss_lt_200_mb: (peak - idle) / MB < 200,
        },
      },
    };
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Follows a file through the station's LogsService (watch + poll, batched pushes) while a child process writes to it. */
async function measureFollow(dir: string, total: number): Promise<{ linesPerS: number; dropped: number; writerMs: number; pushes: number }> {
  const path = join(dir, 'follow.log');
  rmSync(path, { force: true });
  await execa(process.execPath, ['-e', FOLLOW_WRITER, path, '0', '1']);
  let seen = 0;
  let pushes = 0;
  let lastSeq = -1;
  let lastAt = 0;
  const service = new LogsService({
    dataDir: dir,
    store: null,
    publish: (_channel, payload) => {
      for (const push of payload as LogAppendedPush[]) {
        pushes++;
        seen += push.added;
        const last = push.newLines.at(-1);
        if (last) lastSeq = Number(/seq=(\d+)/.exec(last.text)?.[1] ?? lastSeq);
        lastAt = performance.now();
      }
    },
  });
  try {
    const source = await service.open(path);
    await service.follow(source.id, true);
    const started = performance.now();
    const writer = await execa(process.execPath, ['-e', FOLLOW_WRITER, path, String(total), '200']);
    // Wait until every line has been pushed (or nothing new for 3 s).
    for (let before = -1; seen < total && (seen !== before || performance.now() - lastAt < 3000); ) {
      before = seen;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const elapsed = (lastAt - started) / 1000;
    // Every line counted, and the last one pushed is the writer's last.
    const dropped = total - seen + (lastSeq === total - 1 ? 0 : 1);
    return { linesPerS: seen / elapsed, dropped: Math.max(0, dropped), writerMs: Number(writer.stdout), pushes };
  } finally {
    await service.shutdown();
  }
}

/** The result as one JSON document. */
export function formatLogsBenchJson(result: LogsBenchResult): string {
  return JSON.stringify(result, null, 2);
}
