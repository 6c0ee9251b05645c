import { describe, expect, it } from 'vitest';
import { computeViewport, MAX_CANVAS_PX, scrollTopFor } from '../../../../renderer/src/logic/logs-viewport.js';

describe('log viewport', () => {
  it('scrolls 1:1 while the canvas fits', () => {
    const vp = computeViewport({ count: 1000, rowHeight: 20, scrollTop: 400, clientHeight: 200 });
    expect(vp).toMatchObject({ canvasHeight: 20_000, top: 20, first: 20, last: 29 });
    expect(scrollTopFor(20, 'start', { count: 1000, rowHeight: 20, clientHeight: 200 })).toBe(400);
  });

  it('maps a capped canvas proportionally so the last line of a huge file is reachable', () => {
    const count = 12_000_000; // ~1 GB of 90-byte lines
    const geometry = { count, rowHeight: 20, clientHeight: 600 };
    const bottom = computeViewport({ ...geometry, scrollTop: MAX_CANVAS_PX });
    expect(bottom.canvasHeight).toBe(MAX_CANVAS_PX);
    expect(bottom.last).toBe(count - 1);
    const middle = computeViewport({ ...geometry, scrollTop: scrollTopFor(6_000_000, 'start', geometry) });
    expect(middle.first).toBeGreaterThanOrEqual(5_999_999);
    expect(middle.first).toBeLessThanOrEqual(6_000_000);
    expect(middle.last - middle.first).toBeLessThanOrEqual(30);
  });

  it('handles an empty list and one shorter than the viewport', () => {
    expect(computeViewport({ count: 0, rowHeight: 20, scrollTop: 0, clientHeight: 400 })).toMatchObject({ first: 0, last: -1 });
    expect(computeViewport({ count: 5, rowHeight: 20, scrollTop: 50, clientHeight: 400 })).toMatchObject({ top: 0, first: 0, last: 4 });
  });
});
