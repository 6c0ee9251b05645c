import type autobahn from 'autobahn';
import type { ConnectionState, ConnectionTarget } from '../../shared/ipc.js';
import type { OcsLogger } from '../ocs/logger.js';
import type { AgentRowsView } from './agent-rows.js';
import { BusLink, type BusSettings } from './bus-link.js';

/** A passive view fed by the station's heartbeat subscription and forgotten on a bus change. */
export interface HeartbeatView {
  onHeartbeat(args: unknown[]): void;
  clear(): void;
}

export interface StationBusOptions {
  rows: AgentRowsView;
  /** Further views fed by the same heartbeat subscription (e.g. the smurf slots). */
  views?: readonly HeartbeatView[];
  /** Turns a target into router settings (may throw an IpcError for a bad target). */
  resolve(target: ConnectionTarget): Promise<BusSettings>;
  /** Every connection state change (pushed as `connection:state`). */
  onState(state: ConnectionState): void;
  /** Called when the station moved to a different bus (cached clients must go). */
  onBusChanged(): void;
  logger: OcsLogger;
  /** How long connect() waits for the join before answering with the state as it is. Default 3000 ms. */
  settleMs?: number;
}

/**
 * The station's connection to one router at a time: switching tears the old session down and
 * opens the new one; every join re-subscribes the passive heartbeat view `{root}..feeds.heartbeat`.
 */
export class StationBus {
  private link: BusLink | null = null;
  private lastState: ConnectionState | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: StationBusOptions) {}

  /** The joined session, or null. */
  session(): autobahn.Session | null {
    return this.link?.session ?? null;
  }

  /** The current connection state. */
  state(): ConnectionState {
    const state = this.link?.state() ?? this.lastState;
    if (!state) throw new Error('the station has not connected yet');
    return state;
  }

  /** "url (status: detail)", for error messages. */
  describe(): string {
    const state = this.link?.state() ?? this.lastState;
    if (!state) return 'no router chosen yet';
    return `${state.url}, ${state.status}${state.detail ? `: ${state.detail}` : ''}`;
  }

  /**
   * Switches to `target` (one switch at a time, in call order). Resolves with the state once
   * joined or after the settle time; a target that cannot be resolved leaves the old link alone.
   */
  connect(target: ConnectionTarget): Promise<ConnectionState> {
    const next = this.queue.then(() => this.switchTo(target));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Leaves the router for good. */
  async close(): Promise<void> {
    await this.queue;
    const link = this.link;
    this.link = null;
    if (link) {
      await link.close('station closed');
      this.lastState = link.state();
      this.options.onState(this.lastState);
    }
  }

  private async switchTo(target: ConnectionTarget): Promise<ConnectionState> {
    const settings = await this.options.resolve(target);
    const old = this.link;
    if (old) {
      this.link = null;
      await old.close(`switched to ${settings.url}`);
      this.lastState = old.state();
    }
    if (!old || old.settings.url !== settings.url || old.settings.realm !== settings.realm || old.settings.addressRoot !== settings.addressRoot) {
      // Another bus: the agents seen on the old one are not on this one.
      this.options.rows.clear();
      for (const view of this.options.views ?? []) view.clear();
    }
    this.options.onBusChanged();
    const link = new BusLink(settings, { onJoin: (session) => this.onJoin(link, session), onState: (state) => this.onState(link, state) }, this.options.logger);
    this.link = link;
    this.options.onState(link.state());
    link.open();
    return link.settle(this.options.settleMs ?? 3000);
  }

  private onJoin(link: BusLink, session: autobahn.Session): void {
    const topic = `${link.settings.addressRoot}..feeds.heartbeat`;
    session
      .subscribe(topic, (args) => this.onHeartbeat(args ?? []), { match: 'wildcard' })
      .catch((error: unknown) => this.options.logger.error(`cannot subscribe to ${topic}: ${describe(error)}`));
  }

  private onHeartbeat(args: unknown[]): void {
    this.options.rows.onHeartbeat(args);
    for (const view of this.options.views ?? []) view.onHeartbeat(args);
  }

  private onState(link: BusLink, state: ConnectionState): void {
    // A link being replaced reports its own closing; only the current link's states are news.
    if (link === this.link) this.options.onState(state);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'error' in error) return String((error as { error: unknown }).error);
  return String(error);
}
