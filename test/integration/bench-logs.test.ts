import { describe, expect, it } from 'vitest';
import type { LogsBenchResult } from '../../main/bench/logs-bench.js';
import { startStation } from '../helpers/station.js';

// A small log through the real CLI (built by `npm test` first): the JSON shape and sound figures. No
// assertion on absolute speed (benchmarks report figures; tests check they are sound).
describe('logs bench (station bench logs)', () => {
  it('prints first screen, search vs grep -c, follow and RSS figures as one JSON document', async () => {
    const proc = startStation(['bench', 'logs', '--json', '--size-mb', '8', '--follow-lines', '20000']);
    const stdout: string[] = [];
    proc.child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk.toString('utf8')));
    expect(await proc.exited()).toBe(0);
    const report = JSON.parse(stdout.join('')) as LogsBenchResult;
    expect(Object.keys(report).sort()).toEqual(
      ['dropped_lines', 'file_bytes', 'first_screen_ms', 'follow_lines_per_s', 'grep_ms', 'rss_mb_above_idle', 'search_ms', 'setup'].sort(),
    );
    expect(report.file_bytes).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    for (const figure of [report.first_screen_ms, report.search_ms, report.grep_ms, report.follow_lines_per_s]) expect(figure).toBeGreaterThan(0);
    expect(report.dropped_lines).toBe(0);
    expect(report.rss_mb_above_idle).toBeGreaterThanOrEqual(0);
    expect(report.setup.search_matches).toBe(report.setup.grep_matches);
    expect(report.setup.search_matches).toBeGreaterThan(0);
    expect(report.setup.first_screen_lines).toBe(60);
    expect(report.setup.follow_lines).toBe(20_000);
    expect(Object.keys(report.setup.targets)).toHaveLength(5);
  });
});
