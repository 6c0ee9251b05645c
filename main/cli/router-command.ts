import type { Command } from 'commander';
import { loadAuthConfig } from '../wamp/auth-config.js';
import { ROUTER_DEFAULTS, startRouter } from '../wamp/index.js';
import { parseNumber, stderrLogger, stopOnSignals } from './lifecycle.js';

interface RouterCliOptions {
  port: number;
  host: string;
  realm: string;
  addressRoot: string;
  maxFrameBytes: number;
  allowOrigin: string[];
  authConfig?: string;
  quiet?: boolean;
}

/** `station router`: the embedded WAMP router as a stand-alone process (a crossbar replacement for OCS). */
export function addRouterCommand(program: Command): void {
  program
    .command('router')
    .description('run the embedded WAMP router (WebSocket /ws, HTTP caller bridge /call, /info)')
    .option('--port <port>', 'TCP port (0 picks a free one)', parseNumber('--port', 0, 65535), ROUTER_DEFAULTS.port)
    .option('--host <address>', 'address to bind (loopback unless set)', ROUTER_DEFAULTS.host)
    .option('--realm <realm>', 'WAMP realm', ROUTER_DEFAULTS.realm)
    .option('--address-root <root>', 'OCS address root (reported by /info)', ROUTER_DEFAULTS.addressRoot)
    .option('--max-frame-bytes <bytes>', 'largest accepted message', parseNumber('--max-frame-bytes', 1024), ROUTER_DEFAULTS.maxFrameBytes)
    .option('--allow-origin <origin...>', 'browser origins allowed besides loopback pages (* for any)', [])
    .option('--auth-config <file>', 'authorization (YAML/JSON): roles with permissions per URI, ticket principals, the anonymous role')
    .option('--quiet', 'log only warnings and errors')
    .action(async (options: RouterCliOptions) => {
      const log = stderrLogger('router');
      // Checked before listening: a bad file stops the router with its reason instead of running it open.
      const authorization = options.authConfig === undefined ? undefined : loadAuthConfig(options.authConfig, options.addressRoot);
      const router = await startRouter({
        port: options.port,
        host: options.host,
        realm: options.realm,
        addressRoot: options.addressRoot,
        maxFrameBytes: options.maxFrameBytes,
        allowedOrigins: options.allowOrigin,
        authorization,
        log: (level, message) => (options.quiet && level === 'info' ? undefined : log(level, message)),
      });
      // Handlers first: a caller waiting for the line below may signal as soon as it appears.
      stopOnSignals('station router', () => router.close());
      process.stdout.write(
        `station router: listening on ${router.wsUrl} (realm ${router.realm}, address root ${router.addressRoot}); HTTP bridge ${router.callUrl}\n`,
      );
      if (authorization) {
        const anonymous = authorization.anonymous === false ? 'refused' : (authorization.anonymous ?? 'full access');
        process.stdout.write(
          `station router: authorization from ${options.authConfig}: roles ${Object.keys(authorization.roles).join(', ') || 'none'}; anonymous ${anonymous}; ${Object.keys(authorization.tickets).length} ticket principal(s)\n`,
        );
      }
    });
}
