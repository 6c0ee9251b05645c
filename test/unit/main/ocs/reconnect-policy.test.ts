import { describe, expect, it } from 'vitest';
import { DEFAULT_RECONNECT } from '../../../../main/ocs/connection.js';

describe('the default reconnect policy', () => {
  it('retries at most 4.4 s apart (longest delay plus jitter), so an agent rejoins within 5 s of its router coming back', () => {
    const { initialDelayMs, maxDelayMs, growth, jitter } = DEFAULT_RECONNECT;
    const delays = Array.from({ length: 30 }, (_, attempt) => Math.min(maxDelayMs, initialDelayMs * growth ** attempt) * (1 + jitter));
    expect(Math.max(...delays)).toBeLessThanOrEqual(4400);
    // Still backing off: the first retries come sooner than the cap.
    expect(delays[0]).toBeLessThan(delays[4]);
  });
});
