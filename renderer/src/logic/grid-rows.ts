/** Sorting, filtering and counting of registry grid rows (pure, so 2,000 rows stay cheap and testable). */
import type { AgentRow } from '../../../shared/ipc.js';

export type SortKey = 'address' | 'agentClass' | 'lastHeartbeat' | 'state';
export type SortDirection = 'asc' | 'desc';

export interface SortSpec {
  key: SortKey;
  direction: SortDirection;
}

export interface RowCounts {
  alive: number;
  expired: number;
  total: number;
}

/**
 * Keeps rows whose address, class or op names contain every whitespace-separated word of the filter
 * (case-insensitive). The words `is:expired` and `is:alive` filter by state.
 */
export function filterRows(rows: readonly AgentRow[], filter: string): AgentRow[] {
  const words = filter.toLowerCase().split(/\s+/).filter((word) => word !== '');
  if (words.length === 0) return [...rows];
  return rows.filter((row) => {
    const haystack = `${row.address} ${row.agentClass ?? ''} ${Object.keys(row.opCodes).join(' ')}`.toLowerCase();
    return words.every((word) => {
      if (word === 'is:expired') return row.expired;
      if (word === 'is:alive') return !row.expired;
      return haystack.includes(word);
    });
  });
}

const compareText = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });

const COMPARATORS: Record<SortKey, (a: AgentRow, b: AgentRow) => number> = {
  address: (a, b) => compareText(a.address, b.address),
  agentClass: (a, b) => compareText(a.agentClass ?? '', b.agentClass ?? ''),
  // Ascending age = most recent heartbeat first.
  lastHeartbeat: (a, b) => b.lastHeartbeat - a.lastHeartbeat,
  state: (a, b) => Number(a.expired) - Number(b.expired),
};

/** Sorts a copy; ties fall back to the address so the order is stable between pushes. */
export function sortRows(rows: readonly AgentRow[], sort: SortSpec): AgentRow[] {
  const compare = COMPARATORS[sort.key];
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => sign * compare(a, b) || compareText(a.address, b.address));
}

/** Alive / expired / total over all rows (the header counts ignore the filter). */
export function countRows(rows: Iterable<AgentRow>): RowCounts {
  let alive = 0;
  let expired = 0;
  for (const row of rows) {
    if (row.expired) expired += 1;
    else alive += 1;
  }
  return { alive, expired, total: alive + expired };
}

/** Clicking the active column flips its direction; another column starts ascending. */
export function nextSort(current: SortSpec, key: SortKey): SortSpec {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: 'asc' };
}

/** Applies a push of changed rows to the map keyed by address (latest row per address wins). */
export function mergeRows(current: ReadonlyMap<string, AgentRow>, changed: readonly AgentRow[]): Map<string, AgentRow> {
  const next = new Map(current);
  for (const row of changed) next.set(row.address, row);
  return next;
}

/** Builds the address-keyed map from a snapshot. */
export function rowsFromSnapshot(snapshot: readonly AgentRow[]): Map<string, AgentRow> {
  return new Map(snapshot.map((row) => [row.address, row]));
}
