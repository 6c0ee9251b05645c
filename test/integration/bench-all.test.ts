import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatBenchmarksMarkdown } from '../../main/bench/bench-all.js';
import { startStation } from '../helpers/station.js';

// Two quick benches (each bench has its own test; all of them in --quick take about a minute on 2 cores, too much load beside the suite).
const BENCHES = ['router', 'logs'];
const dir = mkdtempSync(join(tmpdir(), 'bench-all-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('station bench all', () => {
  it('--quick --only runs those benches and writes BENCHMARKS.md with the machine, each bench and a value in every figure row', async () => {
    const out = join(dir, 'BENCHMARKS.md');
    const proc = startStation(['bench', 'all', '--quick', '--only', BENCHES.join(','), '--out', out]);
    const code = await proc.exited();
    expect(existsSync(out)).toBe(true);
    const text = readFileSync(out, 'utf8');
    expect(code, text.slice(0, 4000)).toBe(0);
    for (const label of ['CPU', 'cores', 'memory', 'Node', 'OS', 'load average at start']) expect(text).toMatch(new RegExp(`^\\| ${label}[^|]* \\| \\S`, 'm'));
    expect(text).toMatch(/on \d{4}-\d{2}-\d{2}T/);
    for (const bench of BENCHES) {
      expect(text, bench).toContain(`\n## ${bench}\n`);
      const section = text.split(`\n## ${bench}\n`)[1].split('\n## ')[0];
      const rows = section.split('\n').filter((line) => /^\| [^|-]/.test(line) && !line.startsWith('| figure ') && !line.startsWith('| target ') && !line.startsWith('| setup '));
      expect(rows.length, bench).toBeGreaterThan(0);
      for (const row of rows) expect(row.split('|')[2].trim(), `${bench}: ${row}`).not.toBe('');
      expect(section).toContain('<details><summary>raw JSON</summary>');
      const json = /```json\n([\s\S]*?)\n```/.exec(section)![1];
      expect(() => JSON.parse(json) as unknown).not.toThrow();
    }
    expect(text).not.toContain('**FAILED**');
  }, 120_000);

  it('refuses an unknown --only name before running anything', async () => {
    const refused = startStation(['bench', 'all', '--quick', '--only', 'logs,nosuch', '--out', join(dir, 'REFUSED.md')]);
    await refused.waitForLine(/--only: unknown bench nosuch/);
    expect(await refused.exited()).not.toBe(0);
    expect(existsSync(join(dir, 'REFUSED.md'))).toBe(false);
  });

  it('writes a failed bench with its error into the file', () => {
    const machine = { cpu: 'x', cores: 1, memory_gb: 1, node: 'v20', os: 'Linux', load_avg_at_start: [0, 0, 0] };
    const text = formatBenchmarksMarkdown([{ name: 'logs', args: [], seconds: 1, report: null, error: 'exited with 1: boom' }], machine, '2026-01-01T00:00:00Z', false);
    expect(text).toContain('| logs | `(defaults)` | 1 | **FAILED** |');
    expect(text).toContain('## logs\n\n**FAILED**\n\n```\nexited with 1: boom\n```');
  });
});
