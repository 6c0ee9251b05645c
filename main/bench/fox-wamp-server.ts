// Child-process entry: fox-wamp (the only npm WAMP router, a devDependency) alone in its process, for the router bench.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { announceListening, exitWithParent, realmArgument } from './child-io.js';

/** The part of fox-wamp's CommonJS API the bench uses (it ships no types). */
interface FoxRouter {
  getRealm(name: string): Promise<unknown>;
  listenWAMP(options: { server: ReturnType<typeof createServer>; path: string }): unknown;
}

exitWithParent();
const require = createRequire(import.meta.url);
const FoxRouterClass = require('fox-wamp') as new () => FoxRouter;
const router = new FoxRouterClass();
// fox-wamp creates realms on first HELLO; creating it up front keeps that cost out of the measurement.
await router.getRealm(realmArgument());
const server = createServer();
router.listenWAMP({ server, path: '/ws' });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
announceListening(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`);
