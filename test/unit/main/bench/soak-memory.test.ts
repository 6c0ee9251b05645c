import { describe, expect, it } from 'vitest';
import { soakMemoryFigures, type SoakMemorySample } from '../../../../main/bench/soak-memory.js';

/** A saw-tooth RSS over `count` samples 5 s apart: troughs at `base + drift·i`, peaks `amplitude` above. */
function sawTooth(count: number, base: number, drift: number, amplitude: number): SoakMemorySample[] {
  return Array.from({ length: count }, (_, i) => {
    const trough = base + drift * i;
    const rss = i % 3 === 0 ? trough : trough + amplitude * ((i % 3) / 2);
    return { t_s: i * 5, rss_mb: rss, main: { rss, heapUsed: 30 + (i % 3) * 40, heapTotal: 150, external: 5, arrayBuffers: 1 } };
  });
}

describe('soakMemoryFigures', () => {
  it('tells a collector swinging wider from a rising floor: the medians move, the troughs do not', () => {
    // The first half swings by 20 MB, the second by 120 MB; the floor stays at 200 MB.
    const samples = [...sawTooth(40, 200, 0, 20), ...sawTooth(40, 200, 0, 120).map((sample) => ({ ...sample, t_s: sample.t_s + 200 }))];
    const figures = soakMemoryFigures(samples, 0);
    expect(figures.rss_growth_pct_after_warmup).toBeGreaterThan(10);
    expect(figures.rss_trough_mb).toEqual({ after_warmup: 200, end: 200, growth_pct: 0 });
    expect(figures.heap_used_trough_mb.growth_pct).toBe(0);
  });

  it('shows a rising floor as trough growth, and leaves the warm-up out', () => {
    const samples = sawTooth(100, 100, 1, 10);
    const figures = soakMemoryFigures(samples, 100_000);
    // Warm-up is samples 0–19; the quarters are 20–39 and 80–99, whose lowest samples are troughs i = 21 and 81.
    expect(figures.rss_trough_mb.after_warmup).toBe(121);
    expect(figures.rss_trough_mb.end).toBe(181);
    expect(figures.rss_trough_mb.growth_pct).toBeCloseTo(49.59, 1);
    expect(figures.external_mb).toEqual({ after_warmup: 5, end: 5 });
  });

  it('reports NaN rather than inventing figures when main never answered', () => {
    const figures = soakMemoryFigures(sawTooth(20, 100, 0, 10).map((sample) => ({ ...sample, main: null })), 0);
    expect(figures.heap_used_trough_mb.after_warmup).toBeNaN();
    expect(figures.rss_trough_mb.after_warmup).toBe(100);
  });
});
