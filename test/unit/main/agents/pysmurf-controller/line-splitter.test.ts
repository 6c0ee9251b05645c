import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../../../main/smurf/line-splitter.js';

function split(chunks: Array<string | Buffer>, max?: number): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), max);
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return lines;
}

describe('LineSplitter', () => {
  it('joins partial lines across chunks and flushes the last one at the end', () => {
    expect(split(['hel', 'lo\nwor', 'ld\n', 'tail'])).toEqual(['hello', 'world', 'tail']);
  });

  it('treats \\r\\n, a lone \\r and \\r\\n split across chunks as one line end each', () => {
    expect(split(['a\r\nb\rc\r', '\nd\n'])).toEqual(['a', 'b', 'c', 'd']);
    expect(split(['x\r\n', '\ny\n'])).toEqual(['x', '', 'y']);
  });

  it('keeps empty lines and emits nothing for an empty stream', () => {
    expect(split(['\n\n'])).toEqual(['', '']);
    expect(split([])).toEqual([]);
  });

  it('decodes a multi-byte character split between two chunks', () => {
    const bytes = Buffer.from('µs → ok\n', 'utf8');
    expect(split([bytes.subarray(0, 1), bytes.subarray(1, 5), bytes.subarray(5)])).toEqual(['µs → ok']);
  });

  it('caps a huge line and says how much was dropped, then goes on with the next line', () => {
    const huge = 'x'.repeat(100_000);
    const lines = split([huge.slice(0, 30_000), huge.slice(30_000), '\nnext\n'], 1000);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(`${'x'.repeat(1000)} … [99000 more characters dropped]`);
    expect(lines[1]).toBe('next');
  });
});
