import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadSiteConfig, type AgentInstanceConfig } from '../ocs/site-config.js';
import { ROUTER_DEFAULTS } from '../wamp/index.js';

/** Where an agent or client connects, resolved like OCS: command line > site config > defaults. */
export interface ConnectionSettings {
  url: string;
  realm: string;
  addressRoot: string;
  /** HTTP bridge URL (site config `wamp_http`), when known. */
  callUrl: string | null;
  /** The site file used, if any. */
  siteFile: string | null;
  /** The instance's `arguments` from the site config (empty without one). */
  instanceArguments: string[];
}

export interface ConnectionFlags {
  siteFile?: string;
  siteHost?: string;
  url?: string;
  realm?: string;
  addressRoot?: string;
}

/** The site file to read: `--site-file`, else `$OCS_CONFIG_DIR/default.yaml` when it exists (as OCS agents do). */
export function siteFileFor(flags: ConnectionFlags): string | null {
  if (flags.siteFile) return flags.siteFile;
  const dir = process.env.OCS_CONFIG_DIR;
  const fallback = dir ? join(dir, 'default.yaml') : null;
  return fallback && existsSync(fallback) ? fallback : null;
}

/**
 * Resolves connection settings for `instanceId`. Without a site file the embedded router's
 * defaults apply (ws://127.0.0.1:8001/ws, test_realm, observatory).
 */
export async function resolveConnection(flags: ConnectionFlags, instanceId: string, warn: (text: string) => void): Promise<ConnectionSettings> {
  const siteFile = siteFileFor(flags);
  let fromSite: Partial<ConnectionSettings> = {};
  let instance: AgentInstanceConfig | undefined;
  if (siteFile) {
    const site = await loadSiteConfig(siteFile, { host: flags.siteHost ?? process.env.SITE_HOST });
    fromSite = { url: site.hub.wampServer, realm: site.hub.realm, addressRoot: site.hub.addressRoot, callUrl: site.hub.wampHttp };
    instance = site.instances.find((entry) => entry.instanceId === instanceId);
    if (!instance) warn(`${siteFile}: no agent instance "${instanceId}" for this host; using the hub settings and no instance arguments`);
  }
  const defaultUrl = `ws://${ROUTER_DEFAULTS.host}:${ROUTER_DEFAULTS.port}/ws`;
  const url = flags.url ?? fromSite.url ?? defaultUrl;
  return {
    url,
    realm: flags.realm ?? fromSite.realm ?? ROUTER_DEFAULTS.realm,
    addressRoot: flags.addressRoot ?? fromSite.addressRoot ?? ROUTER_DEFAULTS.addressRoot,
    callUrl: fromSite.callUrl ?? (flags.url ? null : url.replace(/^ws/, 'http').replace(/\/ws$/, '/call')),
    siteFile,
    instanceArguments: instance?.arguments ?? [],
  };
}

/** The value following `flag` in an OCS-style argument list (`['--wait-time', '30']`), if present. */
export function argumentValue(args: readonly string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  if (index >= 0) return args[index + 1];
  return args.find((arg) => arg.startsWith(`${flag}=`))?.slice(flag.length + 1);
}
