/** Why a datagram was dropped. */
export type DropReason = 'malformed' | 'oversized' | 'bad_payload';

/** The monitor's counters (what `stats()` returns). */
export interface MonitorStats {
  received: number;
  /** malformed + oversized + badPayload. */
  dropped: number;
  malformed: number;
  oversized: number;
  /** A file message whose payload has no usable path. */
  badPayload: number;
  /** Well-formed datagrams of a type pysmurf does not define (kept, not forwarded). */
  unknownType: number;
  /** session_data / session_log messages put on the feed. */
  forwarded: number;
  /** Unix seconds of the last datagram, or null. */
  lastDatagramTime: number | null;
  lastDropReason: string | null;
  byType: Record<string, number>;
}

/** Counts datagrams as the monitor handles them. */
export class MonitorCounters {
  private readonly counts: MonitorStats = {
    received: 0,
    dropped: 0,
    malformed: 0,
    oversized: 0,
    badPayload: 0,
    unknownType: 0,
    forwarded: 0,
    lastDatagramTime: null,
    lastDropReason: null,
    byType: {},
  };

  received(now: number): void {
    this.counts.received += 1;
    this.counts.lastDatagramTime = now;
  }

  dropped(reason: DropReason, detail: string): void {
    this.counts.dropped += 1;
    if (reason === 'malformed') this.counts.malformed += 1;
    else if (reason === 'oversized') this.counts.oversized += 1;
    else this.counts.badPayload += 1;
    this.counts.lastDropReason = `${reason}: ${detail}`;
  }

  accepted(type: string, known: boolean): void {
    if (!known) {
      this.counts.unknownType += 1;
      return;
    }
    this.counts.byType[type] = (this.counts.byType[type] ?? 0) + 1;
  }

  forwarded(): void {
    this.counts.forwarded += 1;
  }

  /** A copy of the counters. */
  snapshot(): MonitorStats {
    return { ...this.counts, byType: { ...this.counts.byType } };
  }
}
