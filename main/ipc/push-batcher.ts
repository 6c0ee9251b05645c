import { PUSH_MERGE, type PushChannel } from '../../shared/ipc.js';

type Merge = (previous: unknown, next: unknown) => unknown;

interface ChannelState {
  /** When the last send of this channel happened (ms, Date.now()). */
  lastSent: number;
  pending: { payload: unknown } | null;
  timer: NodeJS.Timeout | null;
}

/**
 * Rate-limits pushes per channel: the first push of a quiet channel goes out at once, later ones
 * within `intervalMs` are merged with PUSH_MERGE and sent when the interval has passed. So a
 * channel is sent at most once per interval, and nothing is held back longer than one interval.
 */
export class PushBatcher {
  private readonly channels = new Map<PushChannel, ChannelState>();
  private closed = false;

  constructor(
    private readonly send: (channel: PushChannel, payload: unknown) => void,
    private readonly intervalMs = 50,
  ) {}

  /** Queues `payload` on `channel` (merged with anything still pending there). */
  push(channel: PushChannel, payload: unknown): void {
    if (this.closed) return;
    let state = this.channels.get(channel);
    if (!state) {
      state = { lastSent: -Infinity, pending: null, timer: null };
      this.channels.set(channel, state);
    }
    const merge = PUSH_MERGE[channel] as Merge;
    state.pending = state.pending ? { payload: merge(state.pending.payload, payload) } : { payload };
    if (state.timer) return;
    const wait = state.lastSent + this.intervalMs - Date.now();
    if (wait <= 0) this.flush(channel, state);
    else state.timer = setTimeout(() => this.flush(channel, state), wait);
  }

  /** Drops pending pushes and stops the timers; later pushes are ignored. */
  close(): void {
    this.closed = true;
    for (const state of this.channels.values()) {
      if (state.timer) clearTimeout(state.timer);
      state.timer = null;
      state.pending = null;
    }
  }

  private flush(channel: PushChannel, state: ChannelState): void {
    state.timer = null;
    if (!state.pending || this.closed) return;
    const { payload } = state.pending;
    state.pending = null;
    state.lastSent = Date.now();
    this.send(channel, payload);
  }
}
