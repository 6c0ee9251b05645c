import { describe, expect, it } from 'vitest';
import type { LogSearchResult } from '../../../../shared/logs.js';
import { compileQuery, highlightSegments, matchCountText, stepMatch } from '../../../../renderer/src/logic/logs-search.js';
import { currentMatchLine, currentMatchNumber, emptySearch, firstPage, searchRows, stepSearch, type SearchPageFetch, type TabSearch } from '../../../../renderer/src/logic/logs-search-state.js';

describe('search query and highlighting', () => {
  it('escapes plain text, honours case and reports a bad regex', () => {
    const plain = compileQuery({ text: 'a.b(', regex: false, caseSensitive: false });
    expect(plain?.ok && plain.re.source).toBe('a\\.b\\(');
    expect(plain?.ok && plain.re.flags).toBe('gi');
    const cased = compileQuery({ text: 'x', regex: true, caseSensitive: true });
    expect(cased?.ok && cased.re.flags).toBe('g');
    expect(compileQuery({ text: 'a(', regex: true, caseSensitive: false })).toMatchObject({ ok: false });
    expect(compileQuery({ text: '', regex: true, caseSensitive: false })).toBeNull();
  });

  it('splits a line into matching and plain segments, skipping empty matches', () => {
    const re = compileQuery({ text: 'err', regex: false, caseSensitive: false });
    expect(highlightSegments('ERR: an error', re?.ok ? re.re : null)).toEqual([
      { text: 'ERR', match: true },
      { text: ': an ', match: false },
      { text: 'err', match: true },
      { text: 'or', match: false },
    ]);
    expect(highlightSegments('abc', /x*/g)).toEqual([{ text: 'abc', match: false }]);
    expect(highlightSegments('', /x/g)).toEqual([{ text: '', match: false }]);
    expect(highlightSegments('abc', null)).toEqual([{ text: 'abc', match: false }]);
  });

  it('steps through match lines with wrap-around and starts from where the user looks', () => {
    const lines = [10, 20, 30];
    expect(stepMatch(lines, null, 15, 1)).toBe(1);
    expect(stepMatch(lines, null, 15, -1)).toBe(0);
    expect(stepMatch(lines, null, 31, 1)).toBe(0);
    expect(stepMatch(lines, 2, 0, 1)).toBe(0);
    expect(stepMatch(lines, 0, 0, -1)).toBe(2);
    expect(stepMatch([], null, 1, 1)).toBe(-1);
    expect(matchCountText(3, 1, false)).toBe('2 of 3');
    expect(matchCountText(1, null, false)).toBe('1 match');
    expect(matchCountText(0, null, false)).toBe('no matches');
  });
});

/** A fake main over a file whose matching lines are `all`, answering pages of `page` lines. */
function fakeSearch(all: number[], page: number): { fetch: SearchPageFetch; calls: string[] } {
  const calls: string[] = [];
  const fetch: SearchPageFetch = async (direction, fromLine) => {
    calls.push(`${direction}:${fromLine ?? '-'}`);
    const lines = direction === 'next' ? all.filter((n) => n >= (fromLine ?? 1)).slice(0, page) : all.filter((n) => fromLine === undefined || n < fromLine).reverse().slice(0, page);
    const result: LogSearchResult = { sourceId: 'file:x', total: all.length, lines, scannedLines: 1000, elapsedMs: 1 };
    return result;
  };
  return { fetch, calls };
}

describe('search navigation across pages', () => {
  const all = [5, 9, 14, 22, 31, 40, 57];
  const start = async (page: number) => {
    const fake = fakeSearch(all, page);
    const state: TabSearch = firstPage(emptySearch({ text: 'x', regex: false, caseSensitive: false }), await fake.fetch('next', 1));
    fake.calls.length = 0;
    return { fake, state };
  };

  it('walks forward through every match, fetching the next page only at its end, then wraps to the first', async () => {
    const { fake, state: first } = await start(3);
    let state = first;
    const seen: Array<[number | null, number | null]> = [];
    for (let i = 0; i < all.length + 1; i += 1) {
      state = await stepSearch(state, 1, 1, fake.fetch);
      seen.push([currentMatchNumber(state), currentMatchLine(state)]);
    }
    expect(seen).toEqual([[0, 5], [1, 9], [2, 14], [3, 22], [4, 31], [5, 40], [6, 57], [0, 5]]);
    // Every match is held by then: the wrap needs no request.
    expect(fake.calls).toEqual(['next:15', 'next:41']);
  });

  it('walks backwards from the first match to the last (one page from the end), then on back', async () => {
    const { fake, state: first } = await start(3);
    let state = await stepSearch(first, 1, 1, fake.fetch);
    state = await stepSearch(state, -1, 1, fake.fetch);
    expect([currentMatchNumber(state), currentMatchLine(state)]).toEqual([6, 57]);
    state = await stepSearch(state, -1, 1, fake.fetch);
    state = await stepSearch(state, -1, 1, fake.fetch);
    state = await stepSearch(state, -1, 1, fake.fetch);
    expect([currentMatchNumber(state), currentMatchLine(state)]).toEqual([3, 22]);
    expect(fake.calls).toEqual(['prev:-', 'prev:31']);
  });

  it('starts at the first match at or after the top line shown', async () => {
    const { fake, state } = await start(10);
    expect(currentMatchLine(await stepSearch(state, 1, 20, fake.fetch))).toBe(22);
    expect(currentMatchLine(await stepSearch(state, -1, 20, fake.fetch))).toBe(14);
    expect(fake.calls).toEqual([]);
  });

  it('searches rows in memory for the merged view', () => {
    const state = searchRows(emptySearch(), ['a ERROR', 'b', 'c error'], /error/gi);
    expect(state).toMatchObject({ total: 2, lines: [1, 3], done: true });
  });
});
