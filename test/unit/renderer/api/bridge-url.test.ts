import { describe, expect, it } from 'vitest';
import { bridgeUrl } from '../../../../renderer/src/api/bridge-url.js';

describe('bridgeUrl', () => {
  it('takes the page host and token', () => {
    expect(bridgeUrl({ protocol: 'http:', host: '127.0.0.1:8765', search: '?token=ab12' })).toBe('ws://127.0.0.1:8765/bridge?token=ab12');
  });

  it('uses wss on https pages and encodes the token', () => {
    expect(bridgeUrl({ protocol: 'https:', host: 'wall.site:443', search: '?x=1&token=a%2Bb' })).toBe('wss://wall.site:443/bridge?token=a%2Bb');
  });

  it('omits the token when the page has none (the server cookie authenticates)', () => {
    expect(bridgeUrl({ protocol: 'http:', host: 'localhost:8765', search: '' })).toBe('ws://localhost:8765/bridge');
  });
});
