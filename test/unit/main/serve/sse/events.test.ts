import { describe, expect, it } from 'vitest';
import { connectedEvent, enrichBody, errorEvent, formatEvent, heartbeatEvent, messageEvent, pythonIsoTime } from '../../../../../main/serve/sse/events.js';
import { pythonJson } from '../../../../../main/serve/sse/python-json.js';
import type { MessageRecord } from '../../../../../main/store/index.js';

const record = (body: Record<string, unknown>): MessageRecord => ({
  id: 42,
  messageId: null,
  receivedAt: Date.UTC(2026, 7, 7, 18, 3, 1, 150),
  destination: '/topic/epictopic',
  msgType: typeof body.msg_type === 'string' ? body.msg_type : '',
  sender: typeof body.sender === 'string' ? body.sender : null,
  namespace: 'torre1',
  runId: null,
  executionId: null,
  body,
});

describe('pythonJson', () => {
  it("writes json.dumps' default separators and escapes non-ASCII", () => {
    expect(pythonJson({ a: 1, b: [true, null, 'x'], c: { d: 1.5 } })).toBe('{"a": 1, "b": [true, null, "x"], "c": {"d": 1.5}}');
    expect(pythonJson({ name: 'Zoë ✓', quote: 'a"b\nc' })).toBe('{"name": "Zo\\u00eb \\u2713", "quote": "a\\"b\\nc"}');
  });
});

describe('events', () => {
  it('formats connected, heartbeat and error events as the monitor does', () => {
    expect(connectedEvent('abc')).toBe('event: connected\ndata: {"client_id": "abc", "status": "connected"}\n\n');
    expect(heartbeatEvent(1_786_111_411_123)).toBe('event: heartbeat\ndata: {"timestamp": 1786111411.123}\n\n');
    expect(heartbeatEvent(1_786_111_411_000)).toBe('event: heartbeat\ndata: {"timestamp": 1786111411.0}\n\n');
    expect(errorEvent('too slow')).toBe('event: error\ndata: {"detail": "too slow"}\n\n');
  });

  it('gives message events their store id, msg_type as the event name, and the enriched body on one line', () => {
    const event = messageEvent(record({ msg_type: 'stf_gen', sender: 'daq-1', run_id: '100010' }));
    expect(event).toBe(
      'id: 42\nevent: stf_gen\ndata: {"msg_type": "stf_gen", "sender": "daq-1", "run_id": "100010", "sender_agent": "daq-1", "recipient_agent": null, ' +
        '"namespace": "torre1", "queue_name": "epictopic", "sent_at": "2026-08-07T18:03:01.150000+00:00"}\n\n',
    );
  });

  it("names an event without msg_type 'message' and keeps CR/LF out of the fields", () => {
    expect(messageEvent(record({ command: 'run_agents' }))).toMatch(/^id: 42\nevent: message\ndata: \{[^\n]*\}\n\n$/);
    expect(messageEvent(record({ msg_type: 'evil\n\nevent: forged' }))).toMatch(/^id: 42\nevent: evil {2}event: forged\ndata: [^\n]*\n\n$/);
    expect(formatEvent('x', 'a\r\nb')).toBe('event: x\ndata: a  b\n\n');
  });

  it('enriches with setdefault: existing values win', () => {
    const body = enrichBody(record({ msg_type: 'x', sender_agent: 'mine', namespace: 'other', queue_name: 'q', sent_at: 'then', recipient: 'r' }));
    expect(body).toMatchObject({ sender_agent: 'mine', namespace: 'other', queue_name: 'q', sent_at: 'then', recipient_agent: 'r' });
    expect(pythonIsoTime(0)).toBe('1970-01-01T00:00:00.000000+00:00');
  });
});
