import { describe, expect, it } from 'vitest';
import { isLoopbackHost, urlHost } from '../../../../main/serve/loopback.js';

describe('isLoopbackHost', () => {
  it('recognises loopback addresses and names', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(host), host).toBe(true);
  });

  it('treats every other address as reachable from the network', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'station.site.org', '128.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('brackets IPv6 literals for URLs', () => {
    expect(urlHost('::1')).toBe('[::1]');
    expect(urlHost('[::1]')).toBe('[::1]');
    expect(urlHost('127.0.0.1')).toBe('127.0.0.1');
  });
});
