// Child-process entry: the station's embedded WAMP router, alone in its process, for the router bench.
import { startRouter } from '../wamp/index.js';
import { announceListening, exitWithParent, realmArgument } from './child-io.js';

exitWithParent();
const router = await startRouter({ host: '127.0.0.1', port: 0, realm: realmArgument() });
announceListening(router.wsUrl);
