/**
 * Unlocks a bridge connection's lock level (shared/access.ts) for tests that call expert channels
 * (connection:set, testbed:config:save, alarms:set-rule, testbed:stop-agents, testbed:agent, logs:open).
 */
import WebSocket from 'ws';
import type { AccessLevel, AccessView } from '../../shared/access.js';
import type { BridgeMessage } from '../../shared/ipc.js';

/** Request ids the helper uses: negative, so they never collide with a test's own counter. */
let nextId = -1;

/**
 * Sends `access:set {level}` on a raw bridge socket and resolves with the new view; rejects with the
 * refusal's message (or after `timeoutMs` without an answer). The lock falls back after station.toml's
 * relock_seconds (default 30) without an action above the start level: unlock right before such calls.
 */
export function setLevel(socket: WebSocket, level: AccessLevel, timeoutMs = 15_000): Promise<AccessView> {
  const id = nextId--;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('message', onMessage);
      reject(new Error(`access:set ${level}: no reply within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as BridgeMessage;
      if (message.kind !== 'reply' || message.id !== id) return;
      socket.off('message', onMessage);
      clearTimeout(timer);
      if (message.envelope.ok) resolve(message.envelope.value as AccessView);
      else reject(new Error(`access:set ${level}: ${message.envelope.error.code}: ${message.envelope.error.message}`));
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ id, channel: 'access:set', request: { level } }));
  });
}

/** Unlocks `expert` on a bridge socket (see setLevel). */
export function unlockExpert(socket: WebSocket): Promise<AccessView> {
  return setLevel(socket, 'expert');
}
