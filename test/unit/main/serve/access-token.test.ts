import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { cookieValue, createAccessToken, tokenCookie, tokenSource } from '../../../../main/serve/access-token.js';

const request = (url: string, headers: Record<string, string> = {}) => ({ url, headers }) as unknown as IncomingMessage;

describe('access token', () => {
  const token = createAccessToken();

  it('is 32 random bytes in hex, different each time', () => {
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(createAccessToken()).not.toBe(token);
  });

  it('is found in the query, a Bearer header or the station cookie', () => {
    expect(tokenSource(request(`/?token=${token}`), token)).toBe('query');
    expect(tokenSource(request('/', { authorization: `Bearer ${token}` }), token)).toBe('bearer');
    expect(tokenSource(request('/', { cookie: `theme=dark; station_token=${token}` }), token)).toBe('cookie');
  });

  it('refuses missing, wrong, truncated and differently named tokens', () => {
    expect(tokenSource(request('/'), token)).toBeNull();
    expect(tokenSource(request(`/?token=${token.slice(0, -1)}`), token)).toBeNull();
    expect(tokenSource(request(`/?token=${token.toUpperCase()}`), token)).toBeNull();
    expect(tokenSource(request(`/?tok=${token}`), token)).toBeNull();
    expect(tokenSource(request('/', { authorization: `Basic ${token}` }), token)).toBeNull();
    expect(tokenSource(request('/', { cookie: `other_token=${token}` }), token)).toBeNull();
  });

  it('sets an HttpOnly, SameSite=Strict cookie for the whole site', () => {
    expect(tokenCookie('abc')).toBe('station_token=abc; Path=/; HttpOnly; SameSite=Strict');
    expect(cookieValue('a=1; station_token=abc ; b=2', 'station_token')).toBe('abc');
    expect(cookieValue(undefined, 'station_token')).toBeNull();
  });
});
