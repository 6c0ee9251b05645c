import { decode, encode } from '@msgpack/msgpack';
import WebSocket from 'ws';
import { waitFor } from './net.js';

/**
 * A WAMP peer at the frame level: sends arrays exactly as given and records every frame
 * received, so tests can assert the router's wire output to the byte.
 */
export class RawPeer {
  readonly received: unknown[][] = [];
  closeCode: number | undefined;
  closeReason = '';
  private constructor(
    readonly ws: WebSocket,
    readonly protocol: string,
  ) {
    ws.on('message', (data: Buffer, binary: boolean) => {
      this.received.push((binary ? decode(data) : JSON.parse(data.toString())) as unknown[]);
    });
    ws.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
    });
    ws.on('error', () => {});
  }

  /** Opens a WebSocket to `url` offering `protocol`. */
  static async connect(url: string, protocol = 'wamp.2.json', options: WebSocket.ClientOptions = {}): Promise<RawPeer> {
    const ws = new WebSocket(url, [protocol], options);
    const peer = new RawPeer(ws, protocol);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return peer;
  }

  /** Opens a connection and joins `realm` with the roles an OCS agent announces; resolves with the session id. */
  static async join(url: string, realm = 'test_realm', protocol = 'wamp.2.json', options: WebSocket.ClientOptions = {}): Promise<RawPeer & { sessionId: number }> {
    const peer = await RawPeer.connect(url, protocol, options);
    peer.send([1, realm, { roles: { caller: {}, callee: { features: { call_canceling: true, progressive_call_results: true } }, publisher: {}, subscriber: {} } }]);
    const welcome = await peer.next((m) => m[0] === 2 || m[0] === 3);
    if (welcome[0] !== 2) throw new Error(`join refused: ${JSON.stringify(welcome)}`);
    return Object.assign(peer, { sessionId: welcome[1] as number });
  }

  send(message: unknown): void {
    this.ws.send(this.protocol === 'wamp.2.msgpack' ? encode(message) : JSON.stringify(message));
  }

  sendText(text: string): void {
    this.ws.send(text);
  }

  /** Resolves with (and consumes) the first received frame matching `predicate`. */
  async next(predicate: (message: unknown[]) => boolean = () => true, timeoutMs = 5000): Promise<unknown[]> {
    return waitFor(() => {
      const index = this.received.findIndex(predicate);
      if (index >= 0) return this.received.splice(index, 1)[0];
      if (this.closeCode !== undefined) throw new Error(`connection closed (${this.closeCode} ${this.closeReason}) while waiting`);
      return undefined;
    }, timeoutMs, 'a WAMP frame');
  }

  /** Resolves once the router has closed the connection. */
  async closed(timeoutMs = 5000): Promise<number> {
    return waitFor(() => this.closeCode, timeoutMs, 'the connection to close');
  }

  close(): void {
    this.ws.close();
  }
}
