import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { argumentStrings } from './site-config-args.js';
import { formatKeyPath, siteSchema, type RawHost, type RawInstance } from './site-config-schema.js';

/** The hub section, with the selected host's `wamp_*` overrides applied. */
export interface HubConfig {
  /** WebSocket URL of the router, e.g. `ws://127.0.0.1:8001/ws`. */
  wampServer: string;
  /** HTTP bridge URL, e.g. `http://127.0.0.1:8001/call`; `null` when the file has none. */
  wampHttp: string | null;
  realm: string;
  /** Prefix of every agent address, e.g. `observatory`. */
  addressRoot: string;
  /** `none`, `override:<passwords>` or `director:<instance-id>`; `null` when unset. */
  accessPolicy: string | null;
  registryAddress: string | null;
}

/** The host block that matched (by name, else `localhost`). */
export interface HostConfig {
  /** The key under `hosts` that matched. */
  name: string;
  logDir: string | null;
  /** `null`: no crossbar control on this host; otherwise its (possibly default) settings. */
  crossbar: { configDir: string | null; bin: string | null } | null;
  /** Seconds agents keep retrying the router; 0 = forever. Default 10. */
  crossbarTimeout: number;
  agentPaths: string[];
}

/** One entry of the host's `agent-instances`. */
export interface AgentInstanceConfig {
  agentClass: string;
  instanceId: string;
  /** `{addressRoot}.{instanceId}`. */
  address: string;
  /** Flattened and str()-ed like Python's parse_args: `['--mode', 'acq', '--num-channels', '16']`. */
  arguments: string[];
  /** HostManager policy (`host/up`, `docker/down`, `ignore`, aliases ...); `null` when unset. */
  manage: string | null;
}

export interface SiteConfig {
  /** The file as given to {@link loadSiteConfig}, used in error messages. */
  file: string;
  hub: HubConfig;
  /** `null` when neither the host name nor `localhost` has an entry (fine for pure clients). */
  host: HostConfig | null;
  /** Every key under `hosts`, in file order. */
  hostNames: string[];
  /** The matched host's agent instances (empty when `host` is null). */
  instances: AgentInstanceConfig[];
}

export interface SiteConfigOptions {
  /** Host to select (Python's `--site-host` / `SITE_HOST`); default `os.hostname()`. */
  host?: string;
}

/** A bad site config file; the message names the file, the key and (when known) the line. */
export class SiteConfigError extends Error {
  override readonly name = 'SiteConfigError';
  constructor(
    readonly file: string,
    message: string,
    /** Dotted key path of the offending value, when there is one. */
    readonly key?: string,
    readonly line?: number,
  ) {
    super(`${file}: ${message}${line ? ` (line ${line})` : ''}`);
  }
}

/** Reads and validates an OCS site config file (spec §6). Throws {@link SiteConfigError}. */
export async function loadSiteConfig(path: string, options: SiteConfigOptions = {}): Promise<SiteConfig> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    throw new SiteConfigError(path, `cannot read the file (${(error as Error).message})`);
  }
  return parseSiteConfig(source, path, options);
}

/**
 * Validates site config YAML text. `file` only labels error messages. Parses as YAML 1.1, like
 * PyYAML, so `yes`/`no`/`on`/`off` mean what they mean to Python OCS.
 */
export function parseSiteConfig(source: string, file: string, options: SiteConfigOptions = {}): SiteConfig {
  const lines = new LineCounter();
  const doc = parseDocument(source, { version: '1.1', lineCounter: lines });
  const syntax = doc.errors[0];
  if (syntax) {
    const where = syntax.linePos?.[0];
    const text = syntax.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new SiteConfigError(file, `YAML syntax error${where ? ` at line ${where.line}, column ${where.col}` : ''}: ${text}`);
  }
  const parsed = siteSchema.safeParse(documentValue(doc, file));
  if (!parsed.success) throw keyError(file, parsed.error, doc, lines);
  const raw = parsed.data;

  const hosts = raw.hosts ?? {};
  const hostNames = Object.keys(hosts);
  const wanted = options.host ?? hostname();
  const hostName = [wanted, 'localhost'].find((name) => Object.hasOwn(hosts, name));
  const rawHost: RawHost | null = hostName === undefined ? null : (hosts[hostName] ?? {});
  for (const name of hostNames) checkUniqueIds(file, name, hosts[name]?.['agent-instances'] ?? [], doc, lines);

  const hub: HubConfig = {
    wampServer: rawHost?.wamp_server ?? raw.hub.wamp_server,
    wampHttp: rawHost?.wamp_http ?? raw.hub.wamp_http ?? null,
    realm: rawHost?.wamp_realm ?? raw.hub.wamp_realm,
    addressRoot: raw.hub.address_root,
    accessPolicy: raw.hub.access_policy ?? null,
    registryAddress: raw.hub.registry_address ?? null,
  };
  const host: HostConfig | null =
    hostName === undefined || rawHost === null
      ? null
      : {
          name: hostName,
          logDir: rawHost['log-dir'] ?? null,
          crossbar: rawHost.crossbar ? { configDir: rawHost.crossbar['config-dir'] ?? null, bin: rawHost.crossbar.bin ?? null } : null,
          crossbarTimeout: rawHost.crossbar_timeout ?? 10,
          agentPaths: rawHost['agent-paths'] ?? [],
        };
  const instances = (rawHost?.['agent-instances'] ?? []).map((entry, index) =>
    toInstance(entry, hub.addressRoot, doc.getIn(['hosts', hostName, 'agent-instances', index, 'arguments'], true), doc),
  );
  return { file, hub, host, hostNames, instances };
}

/** The document as plain data; an alias without its anchor or an alias bomb (yaml's toJS throws a ReferenceError) is a SiteConfigError. */
function documentValue(doc: ReturnType<typeof parseDocument>, file: string): unknown {
  try {
    return doc.toJS();
  } catch (error) {
    throw new SiteConfigError(file, `YAML error: ${(error as Error).message}`);
  }
}

/**
 * The agent instance `instanceId` on the selected host. Throws a {@link SiteConfigError} naming
 * the host and the ids it does have.
 */
export function resolveInstance(config: SiteConfig, instanceId: string): AgentInstanceConfig {
  const found = config.instances.find((instance) => instance.instanceId === instanceId);
  if (found) return found;
  if (!config.host) {
    const known = config.hostNames.join(', ') || 'none';
    throw new SiteConfigError(config.file, `no "hosts" entry for this host nor for "localhost" (hosts: ${known}), so instance "${instanceId}" cannot be found`, 'hosts');
  }
  const ids = config.instances.map((instance) => instance.instanceId).join(', ') || 'none';
  throw new SiteConfigError(config.file, `host "${config.host.name}" has no agent instance "${instanceId}" (it has: ${ids})`, `hosts.${config.host.name}.agent-instances`);
}

/** The agent address `{address_root}.{instance_id}` for any instance id. */
export function agentAddress(config: SiteConfig, instanceId: string): string {
  return `${config.hub.addressRoot}.${instanceId}`;
}

function toInstance(entry: RawInstance, addressRoot: string, argumentsNode: unknown, doc: Document): AgentInstanceConfig {
  const manage = entry.manage;
  return {
    agentClass: entry['agent-class'],
    instanceId: entry['instance-id'],
    address: `${addressRoot}.${entry['instance-id']}`,
    arguments: argumentStrings(argumentsNode, doc),
    manage: manage ?? null,
  };
}

function checkUniqueIds(file: string, hostName: string, entries: RawInstance[], doc: Document, lines: LineCounter): void {
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const id = entry['instance-id'];
    if (!seen.has(id)) return void seen.add(id);
    const path = ['hosts', hostName, 'agent-instances', index, 'instance-id'];
    throw new SiteConfigError(file, `${formatKeyPath(path)} "${id}" is used twice on this host`, formatKeyPath(path), lineOf(doc, lines, path));
  });
}

/** Turns the first zod issue into "<key> <problem>", with the line of the key (or its parent). */
function keyError(file: string, error: z.ZodError, doc: Document, lines: LineCounter): SiteConfigError {
  const issue = error.issues[0];
  const key = formatKeyPath(issue.path);
  const message = key ? `${key} ${issue.message}` : `the file ${issue.message}`;
  return new SiteConfigError(file, message, key || undefined, lineOf(doc, lines, issue.path));
}

/** The 1-based line of the node at `path`, or of its nearest existing ancestor. */
function lineOf(doc: Document, lines: LineCounter, path: ReadonlyArray<PropertyKey>): number | undefined {
  for (let depth = path.length; depth > 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}
