import { describe, expect, it } from 'vitest';
import { wildcardMatches } from '../../../../main/wamp/broker.js';
import { originAllowed } from '../../../../main/wamp/origins.js';
import { parseMessage, ProtocolViolation } from '../../../../main/wamp/parse.js';
import { uriProblem } from '../../../../main/wamp/uri-check.js';

describe('parseMessage', () => {
  it('keeps args and kwargs exactly as sent', () => {
    expect(parseMessage([48, 1, {}, 'observatory.a.ops', ['start', 'x'], { params: null }])).toEqual({
      type: 48, requestId: 1, options: {}, procedure: 'observatory.a.ops', payload: { args: ['start', 'x'], kwargs: { params: null } },
    });
    expect(parseMessage([16, 2, {}, 'a.b']).type).toBe(16);
  });

  it('leaves the syntax of request URIs to the session (it answers ERROR invalid_uri) but not their type', () => {
    expect(parseMessage([32, 1, {}, 'observatory..feeds.']).type).toBe(32);
    expect(() => parseMessage([32, 1, {}, 42])).toThrow(ProtocolViolation);
    expect(() => parseMessage([6, {}, 'wamp..close'])).toThrow('GOODBYE: Reason "wamp..close" has an empty component');
  });
});

describe('uriProblem (loose URIs, as crossbar checks by default)', () => {
  it('accepts OCS URIs and empty components only where patterns allow them', () => {
    expect(uriProblem('observatory.fake-data_1.feeds.heartbeat')).toBeNull();
    expect(uriProblem('observatory..feeds.', true)).toBeNull();
    expect(uriProblem('observatory..feeds.')).toBe('has an empty component');
    expect(uriProblem('a b')).toBe("contains whitespace or '#'");
    expect(uriProblem('')).toBe('is empty');
  });

  it('names the field and the offending value', () => {
    expect(() => parseMessage([64, 1.5, {}, 'a.b'])).toThrow('REGISTER: Request must be an integer id in [0, 2^53], got 1.5');
    expect(() => parseMessage([48, 1, null, 'a.b'])).toThrow('CALL: Options must be a dictionary, got null');
    expect(() => parseMessage(['48'])).toThrow('message type must be an integer, got "48"');
    expect(() => parseMessage([])).toThrow('a WAMP message must be a non-empty list, got a list');
  });
});

describe('wildcard matching', () => {
  it('requires equal component counts and lets empty components match any one', () => {
    const pattern = 'observatory..feeds.heartbeat'.split('.');
    expect(wildcardMatches(pattern, 'observatory.fake-data1.feeds.heartbeat'.split('.'))).toBe(true);
    expect(wildcardMatches(pattern, 'observatory.a.b.feeds.heartbeat'.split('.'))).toBe(false);
    expect(wildcardMatches(pattern, 'observatory.a.feeds.other'.split('.'))).toBe(false);
  });
});

describe('origin policy', () => {
  it('admits non-browser peers, loopback pages and listed origins only', () => {
    expect(originAllowed(undefined, [])).toBe(true);
    expect(originAllowed('http://localhost:3000', [])).toBe(true);
    expect(originAllowed('http://127.0.0.1', [])).toBe(true);
    expect(originAllowed('https://ocs.site.org', [])).toBe(false);
    expect(originAllowed('https://ocs.site.org', ['https://ocs.site.org'])).toBe(true);
    expect(originAllowed('null', [])).toBe(false);
  });
});
