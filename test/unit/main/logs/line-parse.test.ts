import { describe, expect, it } from 'vitest';
import { detectLevel, parseTimestamp } from '../../../../main/logs/line-parse.js';

describe('detectLevel', () => {
  it.each([
    ['2025-01-01 00:00:00,123 ERROR agent-1 failed', 'ERROR'],
    ['2025-01-01 00:00:00,123 WARNING disk almost full', 'WARN'],
    ['2025-01-01 00:00:00,123 WARN x', 'WARN'],
    ['2025-01-01 00:00:00,123 INFO started', 'INFO'],
    ['2025-01-01 00:00:00,123 DEBUG tick', 'DEBUG'],
    ['2025-01-01 00:00:00,123 CRIT supervisord stopped', 'ERROR'],
    ['ts=1 level=error msg="x"', 'ERROR'],
    ['[warn] something', 'WARN'],
    ['INFO message mentions ERROR later', 'INFO'],
  ])('%s → %s', (line, level) => expect(detectLevel(line)).toBe(level));

  it('ignores words that merely contain a level or lower-case message text', () => {
    expect(detectLevel('INFORMATION about ERRORS')).toBeNull();
    expect(detectLevel('no error here')).toBeNull();
    expect(detectLevel('')).toBeNull();
  });
});

describe('parseTimestamp', () => {
  it('parses ISO 8601 with a zone', () => {
    expect(parseTimestamp('2025-03-04T05:06:07.250Z x')).toBe(Date.UTC(2025, 2, 4, 5, 6, 7, 250));
    expect(parseTimestamp('2025-03-04T05:06:07+0100 [twisted]')).toBe(Date.UTC(2025, 2, 4, 4, 6, 7));
    expect(parseTimestamp('2025-03-04T05:06:07.5-02:30 x')).toBe(Date.UTC(2025, 2, 4, 7, 36, 7, 500));
  });

  it('parses Python logging / supervisord `YYYY-MM-DD HH:MM:SS,mmm` as local time', () => {
    expect(parseTimestamp('2025-03-04 05:06:07,089 INFO spawned')).toBe(new Date(2025, 2, 4, 5, 6, 7, 89).getTime());
    expect(parseTimestamp('[2025-03-04 05:06:07] x')).toBe(new Date(2025, 2, 4, 5, 6, 7).getTime());
  });

  it('parses syslog style in the current year and refuses the rest', () => {
    expect(parseTimestamp('Mar  4 05:06:07 host x')).toBe(new Date(new Date().getFullYear(), 2, 4, 5, 6, 7).getTime());
    expect(parseTimestamp('Traceback (most recent call last):')).toBeNull();
    expect(parseTimestamp('2025-13-04 05:06:07 bad month')).toBeNull();
  });
});
