/**
 * The station's own log file as a log-viewer source: a real headless station on the embedded router
 * writes `<dataDir>/logs/station.log` (router lines included), `logs:sources` lists it, and its window
 * shows the lines with parsed levels and times; a restart appends to the same file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogSourceView, LogWindowView } from '../../../shared/logs.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { openStationLogFile } from '../../../main/station/station-log-file.js';
import { waitFor } from '../../helpers/net.js';

const dataDir = mkdtempSync(join(tmpdir(), 'station-log-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const start = () => createStation({ mode: 'headless', wampPort: 0, demo: true, smurf: false, dataDir, supervisordPath: '/nonexistent/supervisord' });

async function invoke<T>(station: Station, channel: string, request: unknown): Promise<T> {
  const envelope = await station.table.invoke(channel as never, request as never);
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.message}`);
  return envelope.value as T;
}

describe('the station log file', () => {
  it('holds the router lines, is listed as a source and read with levels and times; a restart appends', async () => {
    const path = join(dataDir, 'logs', 'station.log');
    let station = await start();
    try {
      // The demo agents join the embedded router: the router logs each session (info, file only).
      await waitFor(() => readFileSync(path, 'utf8').includes('router: '), 10_000, 'router lines in station.log');
      const sources = await invoke<LogSourceView[]>(station, 'logs:sources', undefined);
      const source = sources.find((s) => s.path === path);
      expect(source, JSON.stringify(sources.map((s) => s.path))).toBeDefined();
      const window = await invoke<LogWindowView>(station, 'logs:window', { sourceId: source!.id, fromLine: 1, count: 50 });
      const routerLine = window.lines.find((l) => l.text.includes('router: '))!;
      expect(routerLine.level).toBe('INFO');
      expect(Math.abs(routerLine.time! - Date.now())).toBeLessThan(60_000);
    } finally {
      await station.close();
    }
    const before = readFileSync(path, 'utf8').split('\n').length;
    station = await start();
    await station.close();
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n').length).toBeGreaterThan(before);
    expect(text.split('\n').filter(Boolean).every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (INFO|WARN|ERROR) /.test(l) || l.startsWith('    '))).toBe(true);
  });
});

describe('openStationLogFile', () => {
  it('rotates to station.log.1 once the file passes its size while writing, losing no line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'station-log-rotate-'));
    try {
      const file = openStationLogFile(dir, (message) => {
        throw new Error(message);
      }, 2_000);
      for (let i = 0; i < 100; i += 1) file.write('info', `line ${i}`);
      await file.close();
      const rotated = readFileSync(join(dir, 'station.log.1'), 'utf8').split('\n').filter(Boolean);
      const current = readFileSync(join(dir, 'station.log'), 'utf8').split('\n').filter(Boolean);
      // Each rotation keeps one generation: the last two files hold the newest lines, contiguous and in order.
      const numbers = [...rotated, ...current].map((line) => Number(/line (\d+)$/.exec(line)?.[1]));
      expect(numbers.at(-1)).toBe(99);
      expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => 100 - numbers.length + i));
      expect(Buffer.byteLength(rotated.join('\n'))).toBeGreaterThan(2_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
