/** Shapes of tool results: JSON text (+ structuredContent) on success, `isError` with the message on failure. */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** A successful result: the value as pretty JSON text and as structuredContent. */
export function jsonResult(value: object): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], structuredContent: value as Record<string, unknown> };
}

/** A tool error the client sees as `isError: true` with one readable line. */
export function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/**
 * Runs a tool body and turns any throw into a tool error, so a refusal, a missing supervisord or an
 * unreachable bus reaches the client as a message and never ends the server.
 */
export async function guarded(body: () => CallToolResult | Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (error) {
    return toolError(error instanceof Error ? error.message : String(error));
  }
}

/** Upstream's list shape (§5.8), plus the page asked for. */
export interface Page<T> {
  items: T[];
  total_count: number;
  has_more: boolean;
  offset: number;
  limit: number;
}

/** The store returns at most this many rows per query, so offset + limit must stay within it. */
export const MAX_WINDOW = 10_000;

export interface PageRequest {
  offset: number;
  limit: number;
  /** Count from the newest end (for stores that list oldest first); items keep the store's order. */
  fromEnd?: boolean;
}

/**
 * Cuts one page out of the store's ordered rows. The store has no offset, so `fetch(window)` returns the
 * first (or, with fromEnd, the last) `offset + limit` rows and the page is sliced from them.
 */
export function paginate<T>(fetch: (window: number) => T[], count: () => number, request: PageRequest): Page<T> {
  const { offset, limit } = request;
  if (offset + limit > MAX_WINDOW) throw new Error(`offset + limit must be at most ${MAX_WINDOW} (got ${offset} + ${limit}); narrow the query instead`);
  const rows = fetch(offset + limit);
  const items = request.fromEnd ? rows.slice(0, Math.max(0, rows.length - offset)) : rows.slice(offset);
  const total = count();
  return { items, total_count: total, has_more: offset + items.length < total, offset, limit };
}
