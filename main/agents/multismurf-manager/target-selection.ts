/**
 * Which controllers a fan-out runs on. No stream_ids = every live controller; explicit ids must all
 * be known (refused otherwise), and an expired one is reported rather than commanded.
 */
import type { ManagedSmurfInfo } from './smurf-table.js';

export interface FanOutTarget {
  streamId: string;
  address: string;
}

export type TargetSelection =
  | { ok: true; live: FanOutTarget[]; expired: FanOutTarget[] }
  | { ok: false; reason: string };

/** Picks the targets among `smurfs` (the table's entries, with `expired` up to date). */
export function selectTargets(smurfs: readonly ManagedSmurfInfo[], streamIds: readonly string[] | null): TargetSelection {
  if (streamIds === null) {
    const live = smurfs.filter((s) => !s.expired);
    const clash = firstDuplicate(live.map((s) => s.stream_id));
    if (clash !== undefined) return { ok: false, reason: ambiguous(clash, live) };
    const targets = live.map(toTarget).sort((a, b) => a.streamId.localeCompare(b.streamId));
    return { ok: true, live: targets, expired: [] };
  }
  const unknown = streamIds.filter((id) => !smurfs.some((s) => s.stream_id === id));
  if (unknown.length > 0) {
    const known = [...new Set(smurfs.map((s) => s.stream_id))].sort();
    return {
      ok: false,
      reason: `Could not find managed smurf with stream_id: ${unknown.join(', ')} (known: ${known.length ? known.join(', ') : 'none'})`,
    };
  }
  const live: FanOutTarget[] = [];
  const expired: FanOutTarget[] = [];
  for (const id of streamIds) {
    const matches = smurfs.filter((s) => s.stream_id === id);
    const alive = matches.filter((s) => !s.expired);
    if (alive.length > 1) return { ok: false, reason: ambiguous(id, alive) };
    // A live controller wins over an expired one with the same stream id (e.g. a restarted slot under a new instance id).
    if (alive.length === 1) live.push(toTarget(alive[0]));
    else expired.push(toTarget(matches[0]));
  }
  return { ok: true, live, expired };
}

function toTarget(smurf: ManagedSmurfInfo): FanOutTarget {
  return { streamId: smurf.stream_id, address: smurf.address };
}

function firstDuplicate(ids: string[]): string | undefined {
  return ids.find((id, i) => ids.indexOf(id) !== i);
}

function ambiguous(streamId: string, smurfs: readonly ManagedSmurfInfo[]): string {
  const owners = smurfs.filter((s) => s.stream_id === streamId).map((s) => s.address);
  return `stream_id ${streamId} is claimed by several live controllers (${owners.join(', ')}); fix their configuration`;
}
