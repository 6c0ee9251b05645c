import { describe, expect, it } from 'vitest';
import { startStation } from '../../helpers/station.js';

const FIGURES = ['rpc_median_ms', 'rpc_p99_ms', 'calls_per_s', 'pubsub_msgs_per_s', 'rss_mb'];

describe('station bench', () => {
  it('router --json prints the station and fox-wamp figures as one JSON document on stdout', async () => {
    const proc = startStation(['bench', 'router', '--json', '--calls', '50', '--events', '500']);
    const stdout: string[] = [];
    proc.child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk.toString('utf8')));
    expect(await proc.exited()).toBe(0);
    const report = JSON.parse(stdout.join('')) as Record<string, Record<string, number>>;
    for (const router of ['station', 'fox_wamp']) {
      for (const key of FIGURES) expect(report[router][key], `${router}.${key}`).toBeGreaterThan(0);
    }
    expect(report.setup).toMatchObject({ calls: 50, events: 500 });
    // Progress goes to stderr, so stdout stays machine-readable.
    expect(proc.lines.some((line) => line.startsWith('bench: '))).toBe(true);
  }, 60_000);

  it('refuses an unknown CPU placement with a message naming it', async () => {
    const proc = startStation(['bench', 'router', '--placement', 'nowhere']);
    await proc.waitForLine(/--placement must be one of separate-cores, same-core, unpinned, got "nowhere"/);
    expect(await proc.exited()).toBe(1);
  });
});
