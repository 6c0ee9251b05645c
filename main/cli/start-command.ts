import type { Command } from 'commander';
import { createRegistryAgent } from '../agents/registry/index.js';
import { consoleLogger } from '../ocs/logger.js';
import { ROUTER_DEFAULTS, startRouter, type RouterHandle } from '../wamp/index.js';
import { parseNumber, stderrLogger, stopOnSignals } from './lifecycle.js';
import { resolveConnection, siteFileFor } from './site-connection.js';

interface StartCliOptions {
  port: number;
  host: string;
  realm?: string;
  addressRoot?: string;
  siteFile?: string;
  siteHost?: string;
  waitTime?: number;
  registry: boolean;
}

/**
 * `station start`: the station's OCS core in one process. Without a site file it embeds the router
 * and runs the Registry on it (crossbar + Python Registry replaced on one machine); with a site file
 * it joins that site's crossbar and runs the Registry there.
 */
export function addStartCommand(program: Command): void {
  program
    .command('start')
    .description('run the embedded router and the Registry (or join a site crossbar given --site-file)')
    .option('--port <port>', 'embedded router port (0 picks a free one)', parseNumber('--port', 0, 65535), ROUTER_DEFAULTS.port)
    .option('--host <address>', 'embedded router bind address', ROUTER_DEFAULTS.host)
    .option('--realm <realm>', 'WAMP realm (default test_realm, or the site config\'s)')
    .option('--address-root <root>', 'OCS address root (default observatory, or the site config\'s)')
    .option('--site-file <file>', 'OCS site config: use its crossbar instead of the embedded router')
    .option('--site-host <host>', 'host entry of the site config to use')
    .option('--wait-time <seconds>', 'Registry republish period', parseNumber('--wait-time', 0))
    .option('--no-registry', 'do not run the Registry agent')
    .action(async (options: StartCliOptions) => {
      const warn = (text: string) => process.stderr.write(`station: ${text}\n`);
      let router: RouterHandle | undefined;
      let url: string;
      let realm: string;
      let addressRoot: string;
      if (siteFileFor(options)) {
        const settings = await resolveConnection({ ...options }, 'registry', warn);
        ({ url, realm, addressRoot } = settings);
        process.stdout.write(`station: using the site's router ${url} (realm ${realm}, address root ${addressRoot}) from ${settings.siteFile}\n`);
      } else {
        router = await startRouter({
          port: options.port,
          host: options.host,
          realm: options.realm ?? ROUTER_DEFAULTS.realm,
          addressRoot: options.addressRoot ?? ROUTER_DEFAULTS.addressRoot,
          log: stderrLogger('router'),
        });
        ({ wsUrl: url, realm, addressRoot } = router);
        process.stdout.write(`station: embedded router on ${router.wsUrl} (realm ${realm}, address root ${addressRoot}); HTTP bridge ${router.callUrl}\n`);
      }
      const registry = options.registry
        ? createRegistryAgent({ addressRoot, waitTime: options.waitTime, logger: consoleLogger(`${addressRoot}.registry`) })
        : undefined;
      registry?.connect({ url, realm });
      registry?.onReady(() => process.stdout.write(`station: Registry ${registry.agentAddress} is running\n`));
      stopOnSignals('station', async () => {
        await registry?.shutdown();
        await router?.close();
      });
    });
}
