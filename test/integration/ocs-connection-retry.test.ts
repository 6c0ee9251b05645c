import { describe, expect, it } from 'vitest';
import { WampConnection } from '../../main/ocs/connection.js';
import type { OcsLogger } from '../../main/ocs/logger.js';
import { freePort } from '../helpers/net.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('WampConnection retry loop', () => {
  it('keeps one retry pending per failed attempt against an unreachable router, and none after close()', async () => {
    const port = await freePort(); // nothing listens here
    const retries: number[] = [];
    const logger: OcsLogger = { debug: (m) => m.startsWith('reconnecting') && retries.push(Date.now()), info: () => {}, warn: () => {}, error: () => {} };
    const connection = new WampConnection({ url: `ws://127.0.0.1:${port}/ws`, realm: 'r', logger, reconnect: { initialDelayMs: 25, maxDelayMs: 25, growth: 1, jitter: 0 } });
    connection.open();
    await sleep(500);
    // One attempt every ~25 ms plus the failed connect itself: linear, never doubling per failure.
    expect(retries.length).toBeGreaterThan(3);
    expect(retries.length).toBeLessThan(25);
    await connection.close();
    const atClose = retries.length;
    await sleep(300);
    expect(retries.length).toBe(atClose);
  });
});
