import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExpiryQueue } from '../../../../../main/agents/registry/expiry-queue.js';

describe('ExpiryQueue', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('expires a key just after timeout without touches, and not before', () => {
    const expired: Array<[string, number]> = [];
    const queue = new ExpiryQueue(5000, (key, now) => expired.push([key, now]));
    queue.start();
    queue.touch('a');
    vi.advanceTimersByTime(5000);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual([['a', 1_005_001]]);
    expect(queue.size).toBe(0);
  });

  it('keeps touched keys alive and expires each key on its own deadline', () => {
    const expired: string[] = [];
    const queue = new ExpiryQueue(5000, (key) => expired.push(key));
    queue.start();
    queue.touch('a');
    vi.advanceTimersByTime(1000);
    queue.touch('b');
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(1000);
      queue.touch('a');
    }
    expect(expired).toEqual(['b']);
    vi.advanceTimersByTime(5001);
    expect(expired).toEqual(['b', 'a']);
  });

  it('only fires while started, and catches up on start', () => {
    const expired: string[] = [];
    const queue = new ExpiryQueue(5000, (key) => expired.push(key));
    queue.touch('a');
    vi.advanceTimersByTime(10_000);
    expect(expired).toEqual([]);
    queue.start();
    expect(expired).toEqual(['a']);
    queue.touch('b');
    queue.stop();
    vi.advanceTimersByTime(10_000);
    expect(expired).toEqual(['a']);
  });

  it('handles thousands of keys with one pending timer', () => {
    const expired: string[] = [];
    const queue = new ExpiryQueue(5000, (key) => expired.push(key));
    queue.start();
    for (let i = 0; i < 2000; i++) queue.touch(`agent${i}`);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(5001);
    expect(expired).toHaveLength(2000);
  });
});
