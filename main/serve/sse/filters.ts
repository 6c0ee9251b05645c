/**
 * The stream's filter query parameters (spec §2.2): comma-separated, whitespace-trimmed, exact match;
 * ANDed across parameters, ORed within one. Unlike the monitor, `agents` matches a message's
 * `processed_by` OR its `sender` (the monitor's `processed_by` alone drops every run-lifecycle and
 * `stf_gen` message), and `namespaces` filters on the namespace (the monitor has no such filter).
 */
import type { MessageRecord } from '../../store/index.js';

/** Parsed filters; an absent or empty parameter is null (no filtering on it). */
export interface StreamFilters {
  msgTypes: ReadonlySet<string> | null;
  agents: ReadonlySet<string> | null;
  runIds: ReadonlySet<string> | null;
  namespaces: ReadonlySet<string> | null;
}

/** Reads `msg_types`, `agents`, `run_ids` and `namespaces` from a query string; repeated parameters are merged. */
export function parseStreamFilters(query: URLSearchParams): StreamFilters {
  return {
    msgTypes: valueSet(query, 'msg_types'),
    agents: valueSet(query, 'agents'),
    runIds: valueSet(query, 'run_ids'),
    namespaces: valueSet(query, 'namespaces'),
  };
}

function valueSet(query: URLSearchParams, name: string): ReadonlySet<string> | null {
  const values = query
    .getAll(name)
    .flatMap((text) => text.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  return values.length === 0 ? null : new Set(values);
}

/** The body's `msg_type` when it is a non-empty string, else null. */
export function bodyMsgType(body: Record<string, unknown>): string | null {
  return typeof body.msg_type === 'string' && body.msg_type !== '' ? body.msg_type : null;
}

/** Whether a recorded message passes every filter. */
export function matchesFilters(filters: StreamFilters, message: MessageRecord): boolean {
  const body = message.body;
  if (filters.msgTypes && !filters.msgTypes.has(bodyMsgType(body) ?? '')) return false;
  if (filters.agents) {
    const processedBy = typeof body.processed_by === 'string' ? body.processed_by : null;
    if (!(processedBy !== null && filters.agents.has(processedBy)) && !(message.sender !== null && filters.agents.has(message.sender))) return false;
  }
  // run_id is compared as text (the store keeps it so), as the monitor's str() comparison does.
  if (filters.runIds && !(message.runId !== null && filters.runIds.has(message.runId))) return false;
  if (filters.namespaces && !(message.namespace !== null && filters.namespaces.has(message.namespace))) return false;
  return true;
}
