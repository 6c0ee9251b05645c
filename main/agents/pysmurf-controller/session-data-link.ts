/**
 * The pysmurf-publisher pathway into the controller (upstream `_on_session_data`): the monitor
 * republishes `session_data`/`session_log` datagrams on its `pysmurf_session_data` feed; while one of
 * this controller's scripts runs, the datagrams carrying its SMURFPUB_ID are merged into that op's
 * session (dicts into session.data, strings as messages).
 */
import type { OcsAgent } from '../../ocs/agent.js';
import type { OpSession } from '../../ocs/session.js';

/** The envelope fields the controller reads (smurf.md §2). */
interface PublisherMessage {
  id?: unknown;
  type?: unknown;
  payload?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class SessionDataLink {
  private target: OpSession | null = null;
  /** Datagrams merged so far (for diagnostics and tests). */
  merged = 0;

  constructor(
    private readonly agent: OcsAgent,
    /** The SMURFPUB_ID this controller's scripts publish with. */
    private readonly pubId: string,
  ) {}

  /** Subscribes on every join to `{root}.{monitorId}.feeds.pysmurf_session_data`. */
  attach(monitorId: string): void {
    this.agent.subscribeOnStart((args) => this.onFeed(args), `${this.agent.addressRoot}.${monitorId}.feeds.pysmurf_session_data`);
  }

  /** Sets (or clears, with null) the session datagrams are merged into. */
  setTarget(session: OpSession | null): void {
    this.target = session;
  }

  /** The session datagrams currently go to. */
  get current(): OpSession | null {
    return this.target;
  }

  /** Handles one feed event: args are `[[message, feed_info]]` (also accepts a bare `[message, feed_info]`). */
  onFeed(args: unknown[]): void {
    const first = args[0];
    const message = (Array.isArray(first) ? first[0] : first) as PublisherMessage | undefined;
    if (!isRecord(message) || message.id !== this.pubId) return;
    this.handle(message);
  }

  /** Merges one publisher message with a matching id into the current session, if any. */
  handle(message: PublisherMessage): void {
    const session = this.target;
    if (!session || session.isDone) return;
    if (message.type === 'session_data') {
      if (isRecord(message.payload)) {
        Object.assign(session.data, message.payload);
        this.merged++;
      } else {
        this.agent.logger.error(`session_data payload is not a dict: ${JSON.stringify(message.payload)}`);
      }
    } else if (message.type === 'session_log') {
      if (typeof message.payload === 'string') {
        session.addMessage(message.payload);
        this.merged++;
      } else {
        this.agent.logger.error(`session_log payload is not a str: ${JSON.stringify(message.payload)}`);
      }
    }
  }
}
