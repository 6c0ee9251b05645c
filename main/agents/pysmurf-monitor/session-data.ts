import type { FileIndexerStatus } from './file-indexer.js';
import type { MonitorStats } from './monitor-stats.js';

/** The `run` process's session.data (snake_case, as OCS clients read it). */
export function monitorSessionData(udp: { address: string; port: number }, stats: MonitorStats, files: FileIndexerStatus): Record<string, unknown> {
  return {
    udp,
    received: stats.received,
    dropped: { total: stats.dropped, malformed: stats.malformed, oversized: stats.oversized, bad_payload: stats.badPayload },
    by_type: stats.byType,
    unknown_type: stats.unknownType,
    forwarded: stats.forwarded,
    files: { store: files.store, indexed: files.indexed, pending: files.pending, lost: files.lost, last_error: files.lastError },
    last_datagram_time: stats.lastDatagramTime,
    last_drop_reason: stats.lastDropReason,
  };
}
