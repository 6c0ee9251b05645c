// Child-process entry: the floor for the router bench. A deliberately minimal JSON WAMP relay on the
// same `ws` library: just enough routing for the bench's calls and events, no validation, no
// bookkeeping beyond two maps. Not a router to use; it shows what any Node router can reach at best.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { announceListening, exitWithParent, realmArgument } from './child-io.js';

const ROLES = { broker: { features: {} }, dealer: { features: {} } };

exitWithParent();
const realm = realmArgument();
const procedures = new Map<string, { registrationId: number; callee: WebSocket }>();
const subscribers = new Map<string, { subscriptionId: number; sockets: Set<WebSocket> }>();
const pendingCalls = new Map<number, { caller: WebSocket; requestId: number }>();
let lastId = 0;

const server = createServer();
const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false, handleProtocols: (offered) => (offered.has('wamp.2.json') ? 'wamp.2.json' : false) });
wss.on('connection', (ws) => {
  const send = (message: unknown[]) => ws.send(JSON.stringify(message));
  ws.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString('utf8')) as unknown[];
    switch (m[0]) {
      case 1: // HELLO
        return send([2, ++lastId, { realm, roles: ROLES, authid: 'bench', authrole: 'anonymous' }]);
      case 6: // GOODBYE
        return send([6, {}, 'wamp.close.goodbye_and_out']);
      case 64: // REGISTER
        procedures.set(m[3] as string, { registrationId: ++lastId, callee: ws });
        return send([65, m[1], lastId]);
      case 48: { // CALL
        const registration = procedures.get(m[3] as string)!;
        pendingCalls.set(++lastId, { caller: ws, requestId: m[1] as number });
        return registration.callee.send(JSON.stringify([68, lastId, registration.registrationId, {}, ...m.slice(4)]));
      }
      case 70: { // YIELD
        const call = pendingCalls.get(m[1] as number)!;
        pendingCalls.delete(m[1] as number);
        return call.caller.send(JSON.stringify([50, call.requestId, {}, ...m.slice(3)]));
      }
      case 32: { // SUBSCRIBE
        let entry = subscribers.get(m[3] as string);
        if (!entry) subscribers.set(m[3] as string, (entry = { subscriptionId: ++lastId, sockets: new Set() }));
        entry.sockets.add(ws);
        return send([33, m[1], entry.subscriptionId]);
      }
      case 16: { // PUBLISH
        const entry = subscribers.get(m[3] as string);
        if (!entry) return;
        const event = JSON.stringify([36, entry.subscriptionId, ++lastId, {}, ...m.slice(4)]);
        for (const socket of entry.sockets) if (socket !== ws) socket.send(event);
        return;
      }
    }
  });
  ws.on('close', () => {
    for (const entry of subscribers.values()) entry.sockets.delete(ws);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
announceListening(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`);
