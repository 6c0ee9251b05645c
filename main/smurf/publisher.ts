/**
 * A TypeScript pysmurf publisher (the behaviour of pysmurf `client/util/pub.py`, smurf.md §2): settings
 * from `SMURFPUB_*`, a `start` message on construction, one UDP datagram per message, `seq_no` from 0,
 * oversized messages dropped and reported as `backend_error`. Used by tests, the benchmark and sim tooling.
 */
import { createSocket, type Socket } from 'node:dgram';
import { hostname } from 'node:os';
import { isIPv6 } from 'node:net';
import { DEFAULT_SMURF_UDP_PORT, SMURF_UDP_MAX_BYTES, type SmurfDatagram } from './datagram.js';

export { parseDatagram, isKnownMessageType, SMURF_MESSAGE_TYPES, DEFAULT_SMURF_UDP_PORT, SMURF_UDP_MAX_BYTES } from './datagram.js';
export type { ParsedDatagram, SmurfDatagram, SmurfMessageType } from './datagram.js';

/** Explicit settings; each one not given is read from `{envRoot}{KEY}` (ID, BACKEND, UDP_HOST, UDP_PORT). */
export interface SmurfPublisherOptions {
  /** `script` field of every message. Default 'undeclared'. */
  scriptId?: string;
  /** Environment prefix. Default 'SMURFPUB_'. */
  envRoot?: string;
  id?: string;
  backend?: string;
  udpHost?: string;
  udpPort?: number | string;
  /** Environment to read. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where warnings go (pub.py writes them to stderr). */
  warn?: (text: string) => void;
  /** `pysmurf_version` of data_file payloads. */
  version?: string;
}

/** register_file arguments (pub.py `register_file`), plus the action pysmurf's `set_action` would supply. */
export interface RegisterFileOptions {
  path: string;
  type: string;
  format?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  plot?: boolean;
  action?: string | null;
  /** `S.get_timestamp()`: a string of integer seconds. */
  actionTs?: string | null;
}

export class SmurfPublisher {
  readonly pubId: string;
  readonly scriptId: string;
  readonly host = hostname();
  /** 'udp' or 'null' (messages discarded). */
  readonly backend: 'udp' | 'null';
  readonly udpHost: string;
  readonly udpPort: number;
  private seqNo = 0;
  private socket: Socket | null = null;
  private readonly pending = new Set<Promise<boolean>>();
  private readonly warn: (text: string) => void;
  private readonly version: string;
  private stopped = false;

  constructor(options: SmurfPublisherOptions = {}) {
    const env = options.env ?? process.env;
    const root = options.envRoot ?? 'SMURFPUB_';
    const setting = (explicit: string | number | undefined, key: string, fallback: string) => (explicit !== undefined ? String(explicit) : env[root + key] ?? fallback);
    this.warn = options.warn ?? ((text) => process.stderr.write(`${text}\n`));
    this.version = options.version ?? 'control-station';
    this.scriptId = options.scriptId ?? 'undeclared';
    this.pubId = setting(options.id, 'ID', 'undeclared');
    this.udpHost = setting(options.udpHost, 'UDP_HOST', 'localhost');
    const port = setting(options.udpPort, 'UDP_PORT', String(DEFAULT_SMURF_UDP_PORT));
    this.udpPort = Number(port);
    const backend = setting(options.backend, 'BACKEND', 'null');
    if (backend === 'udp') {
      if (!/^\d+$/.test(port.trim()) || this.udpPort < 1 || this.udpPort > 65535) throw new Error(`SmurfPublisher: ${root}UDP_PORT must be a port number 1-65535 (got "${port}")`);
      this.backend = 'udp';
      this.socket = createSocket(isIPv6(this.udpHost) ? 'udp6' : 'udp4');
      // Fire-and-forget like pub.py: in-flight sends keep the process alive, an idle publisher does not.
      this.socket.unref();
      this.socket.on('error', (error) => this.warn(`SmurfPublisher: UDP error: ${error.message}`));
    } else {
      if (backend !== 'null') this.warn(`SmurfPublisher: no backend for "${backend}", selecting null Publisher.`);
      this.backend = 'null';
    }
    void this.publish({}, 'start');
  }

  /** The next message's seq_no. */
  get nextSeqNo(): number {
    return this.seqNo;
  }

  /**
   * Publishes `data` as one message of type `msgtype`. Resolves true once the datagram was handed to
   * the kernel, false when it was discarded (null backend, oversized, closed, send error). Never rejects.
   */
  publish(data: unknown, msgtype = 'general'): Promise<boolean> {
    const message: SmurfDatagram = { host: this.host, id: this.pubId, script: this.scriptId, time: Date.now() / 1000, seq_no: this.seqNo, type: msgtype, payload: data };
    this.seqNo += 1;
    if (!this.socket) return Promise.resolve(false);
    const bytes = Buffer.from(JSON.stringify(message), 'utf8');
    if (bytes.length > SMURF_UDP_MAX_BYTES) {
      const error = `Backend error: dropped large UDP packet (${bytes.length} bytes).`;
      this.warn(`SmurfPublisher ${error}`);
      void this.publish({ message: error }, 'backend_error');
      return Promise.resolve(false);
    }
    return this.track(this.send(bytes));
  }

  /** `log` message: `{message}`. */
  log(message: string): Promise<boolean> {
    return this.publish({ message }, 'log');
  }

  /** `session_data`: merged into the running controller op's session.data. */
  sessionData(data: Record<string, unknown>): Promise<boolean> {
    return this.publish(data, 'session_data');
  }

  /** `session_log`: one session message of the running controller op. */
  sessionLog(text: string): Promise<boolean> {
    return this.publish(text, 'session_log');
  }

  /** `data_file` (pub.py register_file): the monitor indexes it. */
  registerFile(file: RegisterFileOptions): Promise<boolean> {
    const payload = {
      path: file.path,
      type: file.type,
      format: file.format ?? '',
      timestamp: file.timestamp ?? Date.now() / 1000,
      action: file.action ?? null,
      action_ts: file.actionTs ?? null,
      plot: file.plot ?? false,
      pysmurf_version: this.version,
    };
    return this.publish(payload, 'data_file');
  }

  /** `g3_file`, as smurf-streamer sends it when it closes a timestream file. */
  g3File(path: string, archiveName = 'timestreams'): Promise<boolean> {
    return this.publish({ path, archive_name: archiveName }, 'g3_file');
  }

  /** Resolves once every datagram published so far has been sent (or dropped). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Publishes `stop` (once, like pub.py on destruction), waits for the sends, closes the socket. */
  async close(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      void this.publish({}, 'stop');
    }
    await this.flush();
    const socket = this.socket;
    this.socket = null;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  private send(bytes: Buffer): Promise<boolean> {
    const socket = this.socket!;
    return new Promise((resolve) => {
      socket.send(bytes, this.udpPort, this.udpHost, (error) => {
        if (error) this.warn(`SmurfPublisher: could not send to ${this.udpHost}:${this.udpPort}: ${error.message}`);
        resolve(!error);
      });
    });
  }

  private track(sent: Promise<boolean>): Promise<boolean> {
    this.pending.add(sent);
    void sent.then(() => this.pending.delete(sent));
    return sent;
  }
}
