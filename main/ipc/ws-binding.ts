import WebSocket from 'ws';
import { maxLevelFor, type Access } from '../../shared/access.js';
import type { BridgeMessage, Envelope } from '../../shared/ipc.js';
import { ACCESS_DEFAULTS, ConnectionLock } from './connection-lock.js';
import type { HandlerTable } from './handler-table.js';
import { PushBatcher } from './push-batcher.js';

export interface BridgeSocketOptions {
  /** Push batching interval per channel (ms). Default 50. */
  batchMs?: number;
  /** Requests one socket may have unanswered at a time; more are refused at once. Default 64. */
  maxInFlight?: number;
  /** The client's remote address, for the audit log; default the socket's own. */
  remoteAddress?: string;
  /** What the connection's token grants (default control): a read-only viewer stays at lock level `locked`. */
  access?: Access;
  /** Unsent bytes a viewer may accumulate before it is dropped as too slow. Default 16 MiB. */
  maxBufferedBytes?: number;
  /** Called once when the viewer is dropped for being too slow. */
  onSlowDrop?(bufferedBytes: number): void;
}

/** WebSocket close codes used for frames that cannot be answered (RFC 6455 §7.4.1). */
export const BRIDGE_CLOSE = { unsupportedData: 1003, invalidPayload: 1007, policyViolation: 1008, tryAgainLater: 1013 } as const;

/**
 * Binds one renderer's WebSocket to the handler table (the headless mode's transport):
 * BridgeRequest JSON in, BridgeMessage JSON out, pushes batched per socket. A frame without a
 * usable id cannot be answered, so it closes the socket with a reason; anything else bad is
 * answered under its id. One socket's trouble never touches another's.
 */
export function attachBridgeSocket(table: HandlerTable, socket: WebSocket, options: BridgeSocketOptions = {}): void {
  const maxInFlight = options.maxInFlight ?? 64;
  let inFlight = 0;
  const maxBuffered = options.maxBufferedBytes ?? 16 * 1024 * 1024;
  const send = (message: BridgeMessage) => {
    if (socket.readyState !== WebSocket.OPEN) return;
    // A viewer that stops reading would make the station buffer every push for it without bound: drop it
    // instead (its page shows the bridge lost and reconnects, then resyncs from the snapshot channels).
    if (socket.bufferedAmount > maxBuffered) {
      options.onSlowDrop?.(socket.bufferedAmount);
      return closeWith(socket, BRIDGE_CLOSE.tryAgainLater, `viewer too slow: ${socket.bufferedAmount} bytes unsent; reconnect to resync`);
    }
    socket.send(JSON.stringify(message));
  };
  const batcher = new PushBatcher((channel, payload) => send({ kind: 'push', channel, payload }), options.batchMs ?? 50);
  const unsubscribe = table.onPush((channel, payload) => batcher.push(channel, payload));
  const reply = (id: number, envelope: Envelope<unknown>) => send({ kind: 'reply', id, envelope });
  const access = options.access ?? 'control';
  // This socket's own lock level; its changes are pushed to this socket only, never through the table's fan-out.
  const lock = new ConnectionLock({
    settings: table.accessSettings ?? ACCESS_DEFAULTS,
    maxLevel: maxLevelFor(access),
    onChange: (view) => batcher.push('access:level', view),
  });
  const caller = { client: `bridge ${options.remoteAddress ?? remoteAddressOf(socket)}`, lock };

  socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    if (isBinary) return closeWith(socket, BRIDGE_CLOSE.unsupportedData, 'binary frames are not accepted; send BridgeRequest JSON text');
    const parsed = parseRequest(data.toString());
    if ('closeCode' in parsed) return closeWith(socket, parsed.closeCode, parsed.reason);
    const { id, channel, request } = parsed;
    if (inFlight >= maxInFlight) {
      return reply(id, { ok: false, error: { code: 'bad_request', message: `too many requests in flight on this connection (limit ${maxInFlight}); wait for replies first` } });
    }
    inFlight += 1;
    void table.invoke(channel, request, caller).then((envelope) => {
      inFlight -= 1;
      reply(id, withAccess(channel, envelope, access));
    });
  });
  socket.once('close', () => {
    lock.close();
    unsubscribe();
    batcher.close();
  });
  // A socket error is followed by 'close'; the listener only keeps ws from throwing it.
  socket.on('error', () => {});
}

/** app:info tells the renderer what its connection may do, so it can hide what it would be refused. */
function withAccess(channel: unknown, envelope: Envelope<unknown>, access: Access): Envelope<unknown> {
  if (channel !== 'app:info' || !envelope.ok || typeof envelope.value !== 'object' || envelope.value === null) return envelope;
  return { ok: true, value: { ...envelope.value, access } };
}

/**
 * The peer's address: ws keeps the TCP socket in `_socket` (its only handle on it; the upgrade request,
 * which has it publicly, is not passed here). `unknown` when it is not there (a test double).
 */
function remoteAddressOf(socket: WebSocket): string {
  return (socket as unknown as { _socket?: { remoteAddress?: string } })._socket?.remoteAddress ?? 'unknown';
}

type ParsedFrame = { id: number; channel: unknown; request: unknown } | { closeCode: number; reason: string };

function parseRequest(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { closeCode: BRIDGE_CLOSE.invalidPayload, reason: `malformed JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { closeCode: BRIDGE_CLOSE.policyViolation, reason: 'a request must be a JSON object {id, channel, request}' };
  }
  const { id, channel, request } = value as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) {
    return { closeCode: BRIDGE_CLOSE.policyViolation, reason: `request id must be an integer, got ${JSON.stringify(id) ?? 'nothing'}` };
  }
  return { id, channel, request };
}

/** Closes with a reason trimmed to the 123 bytes a close frame allows. */
function closeWith(socket: WebSocket, code: number, reason: string): void {
  let text = reason;
  while (Buffer.byteLength(text) > 123) text = `${text.slice(0, -2)}…`;
  socket.close(code, text);
}
