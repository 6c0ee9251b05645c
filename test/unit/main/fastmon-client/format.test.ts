import { describe, expect, it } from 'vitest';
import {
  colorEnabled, formatBytes, formatClock, formatDuration, formatOtherLine, formatSummary, formatTfLine, makeStyler,
} from '../../../../main/fastmon-client/format.js';
import { parseList, streamUrl } from '../../../../main/fastmon-client/index.js';
import { parseData, toTfEvent } from '../../../../main/fastmon-client/messages.js';
import { Tally } from '../../../../main/fastmon-client/tally.js';

const plain = makeStyler(false);
const ESC = '\u001b[';
// 14:03:11 local time, written as the station's sent_at would carry it (timezone-aware).
const at = new Date(2026, 7, 7, 14, 3, 11, 512);

const body = (extra: Record<string, unknown> = {}) => ({
  msg_type: 'tf_file_registered', namespace: 'torre1', run_id: '100010', processed_by: 'fastmon-agent-1',
  tf_filename: 'swf.100010.000001_tf_001.tf', stf_filename: 'swf.100010.000001.stf', tf_first: 97, tf_last: 120,
  tf_count: 24, file_size_bytes: 1536, status: 'registered', timestamp: '2026-08-07T14:03:11.512345', sent_at: at.toISOString(), ...extra,
});

describe('formatBytes', () => {
  it('uses bytes below 1 KiB and one decimal with binary units above', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.0 MiB');
    expect(formatBytes(5.5 * 1024 ** 3)).toBe('5.5 GiB');
    expect(formatBytes(2 * 1024 ** 6)).toBe('2048.0 PiB');
  });
});

describe('formatClock and formatDuration', () => {
  it('formats local time and elapsed time', () => {
    expect(formatClock(at)).toBe('14:03:11');
    expect(formatClock(new Date(2026, 0, 1, 3, 4, 5))).toBe('03:04:05');
    expect(formatDuration(7_900)).toBe('7s');
    expect(formatDuration(125_000)).toBe('2m 05s');
    expect(formatDuration(3_723_000)).toBe('1h 02m 03s');
  });
});

describe('formatTfLine', () => {
  it('shows time, run, STF → TF, TF count and size on one line', () => {
    expect(formatTfLine(toTfEvent(body()), plain)).toBe('14:03:11  run 100010  swf.100010.000001.stf → swf.100010.000001_tf_001.tf  24 TFs  1.5 KiB');
  });

  it('names a status other than registered, and shows ? for missing fields', () => {
    const line = formatTfLine(toTfEvent({ status: 'failed', sent_at: at.toISOString() }), plain);
    expect(line).toBe('14:03:11  run -  ? → ?  ? TFs  ? B  failed');
  });

  it('falls back to the given time when the message has none', () => {
    expect(formatTfLine(toTfEvent(body({ sent_at: undefined, timestamp: undefined })), plain, new Date(2026, 0, 1, 1, 2, 3))).toMatch(/^01:02:03 {2}/);
  });

  it('colours only when asked: the TF name by status (registered green)', () => {
    const line = formatTfLine(toTfEvent(body()), makeStyler(true));
    expect(line).toContain(`${ESC}32mswf.100010.000001_tf_001.tf${ESC}39m`);
    expect(line).toContain(`${ESC}2m14:03:11`);
    expect(formatTfLine(toTfEvent(body()), plain)).not.toContain(ESC);
  });
});

describe('formatOtherLine', () => {
  it('shows fastmon_status as run, status, message and agent, dim', () => {
    const status = { msg_type: 'fastmon_status', processed_by: 'fastmon-agent-1', status: 'ok', message: 'run 100010: 3 of 10 STFs sampled, 21 TFs', run_id: '100010', sent_at: at.toISOString() };
    expect(formatOtherLine('fastmon_status', status, JSON.stringify(status), plain)).toBe(
      '14:03:11  fastmon_status  run 100010  ok: run 100010: 3 of 10 STFs sampled, 21 TFs  (fastmon-agent-1)',
    );
    const dim = formatOtherLine('fastmon_status', status, JSON.stringify(status), makeStyler(true));
    expect(dim.startsWith(`${ESC}2m`)).toBe(true);
  });

  it('shows other messages as compact JSON without the stream enrichment, truncated', () => {
    const msg = { msg_type: 'stf_gen', run_id: '100010', filename: 'swf.100010.000001.stf', sender_agent: 'daq', queue_name: 'epictopic', sent_at: at.toISOString() };
    expect(formatOtherLine('stf_gen', msg, '', plain)).toBe('14:03:11  stf_gen  {"run_id":"100010","filename":"swf.100010.000001.stf"}');
    const long = formatOtherLine('x', { padding: 'p'.repeat(500) }, '', plain);
    expect(long.length).toBeLessThan(240);
    expect(long.endsWith('…')).toBe(true);
  });

  it('shows data that is not a JSON object as it came', () => {
    expect(formatOtherLine('message', parseData('not json'), 'not json', plain, at)).toBe('14:03:11  message  not json');
  });
});

describe('formatSummary', () => {
  it('prints one aligned row per run and a total with exact and human-readable bytes', () => {
    const tally = new Tally();
    tally.add(toTfEvent(body({ tf_filename: 'a_tf_001.tf', stf_filename: 'a.stf', tf_count: 24, file_size_bytes: 1536 })));
    tally.add(toTfEvent(body({ tf_filename: 'a_tf_002.tf', stf_filename: 'a.stf', tf_count: 20, file_size_bytes: 2048 })));
    tally.add(toTfEvent(body({ run_id: '100011', tf_filename: 'b_tf_001.tf', stf_filename: 'b.stf', tf_count: 7, file_size_bytes: 1024 * 1024 })));
    const text = formatSummary(tally, { elapsedMs: 65_000, events: 4 }, plain);
    expect(text.split('\n')).toEqual([
      'fastmon-client summary: 4 events in 1m 05s, 2 runs',
      'run     STFs  TF files  TF count    bytes     size',
      '100010     1         2        44     3584  3.5 KiB',
      '100011     1         1         7  1048576  1.0 MiB',
      'total      2         3        51  1052160  1.0 MiB',
      '',
    ]);
  });

  it('says so when no TF arrived', () => {
    expect(formatSummary(new Tally(), { elapsedMs: 1000, events: 0 }, plain)).toBe('fastmon-client summary: 0 events in 1s, 0 runs\nno TF files received\n');
  });
});

describe('colorEnabled', () => {
  it('needs a TTY and no non-empty NO_COLOR', () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({}, {})).toBe(false);
  });
});

describe('streamUrl and parseList', () => {
  it('adds the filters as comma-separated query parameters, only those given', () => {
    const url = streamUrl('http://127.0.0.1:8765/api/messages/stream/', { msgTypes: ['tf_file_registered', 'fastmon_status'], runIds: ['100010'], agents: [], namespaces: null });
    expect(url.pathname).toBe('/api/messages/stream/');
    expect([...url.searchParams]).toEqual([['msg_types', 'tf_file_registered,fastmon_status'], ['run_ids', '100010']]);
  });

  it('gives a bare host the stream path and refuses what is not an http URL', () => {
    expect(streamUrl('http://h:8765', {}).href).toBe('http://h:8765/api/messages/stream/');
    expect(streamUrl('https://h/swf-monitor/api/messages/stream/', {}).pathname).toBe('/swf-monitor/api/messages/stream/');
    expect(() => streamUrl('h:8765', {})).toThrow(/http/);
    expect(() => streamUrl('nonsense', {})).toThrow(/not a URL/);
  });

  it('splits, trims and drops empty items', () => {
    expect(parseList(' a, b,,c ,')).toEqual(['a', 'b', 'c']);
    expect(parseList('')).toEqual([]);
  });
});
