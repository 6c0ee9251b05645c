import { describe, expect, it } from 'vitest';
import { MAX_WINDOW, guarded, jsonResult, paginate, toolError } from '../../../../main/mcp/tool-result.js';

const rows = Array.from({ length: 7 }, (_, i) => i + 1);
/** A store-like source: the first (or last, with newest) `limit` of the rows, in ascending order. */
const fetchFirst = (limit: number) => rows.slice(0, limit);
const fetchLast = (limit: number) => rows.slice(Math.max(0, rows.length - limit));

describe('paginate', () => {
  it('cuts pages from the start with total_count and has_more', () => {
    expect(paginate(fetchFirst, () => rows.length, { offset: 0, limit: 3 })).toEqual({ items: [1, 2, 3], total_count: 7, has_more: true, offset: 0, limit: 3 });
    expect(paginate(fetchFirst, () => rows.length, { offset: 3, limit: 3 }).items).toEqual([4, 5, 6]);
    expect(paginate(fetchFirst, () => rows.length, { offset: 6, limit: 3 })).toMatchObject({ items: [7], has_more: false });
    expect(paginate(fetchFirst, () => rows.length, { offset: 9, limit: 3 })).toMatchObject({ items: [], has_more: false });
  });

  it('pages from the newest end, keeping ascending order', () => {
    expect(paginate(fetchLast, () => rows.length, { offset: 0, limit: 3, fromEnd: true })).toMatchObject({ items: [5, 6, 7], has_more: true });
    expect(paginate(fetchLast, () => rows.length, { offset: 3, limit: 3, fromEnd: true }).items).toEqual([2, 3, 4]);
    expect(paginate(fetchLast, () => rows.length, { offset: 6, limit: 3, fromEnd: true })).toMatchObject({ items: [1], has_more: false });
  });

  it('refuses a window beyond what the store returns', () => {
    expect(() => paginate(fetchFirst, () => rows.length, { offset: MAX_WINDOW, limit: 1 })).toThrow(`offset + limit must be at most ${MAX_WINDOW}`);
  });
});

describe('tool results', () => {
  it('carries JSON as text and structuredContent; errors as isError text', () => {
    expect(jsonResult({ a: 1 })).toEqual({ content: [{ type: 'text', text: '{\n  "a": 1\n}' }], structuredContent: { a: 1 } });
    expect(toolError('nope')).toEqual({ content: [{ type: 'text', text: 'nope' }], isError: true });
  });

  it('turns throws (sync or async) into tool errors', async () => {
    await expect(guarded(() => { throw new Error('refused'); })).resolves.toEqual(toolError('refused'));
    await expect(guarded(async () => Promise.reject(new Error('bus down')))).resolves.toEqual(toolError('bus down'));
    await expect(guarded(() => jsonResult({ ok: true }))).resolves.toEqual(jsonResult({ ok: true }));
  });
});
