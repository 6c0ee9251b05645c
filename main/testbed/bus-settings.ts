/**
 * Which testbed bus a station command uses, from its flags and the environment. The embedded router
 * of the station is the zero-install default; `--bus stomp` (or STATION_TESTBED_BUS=stomp) selects
 * ActiveMQ with upstream's ACTIVEMQ_* variables (spec §4.8).
 */
import { loadStationConfig, stationStompPassword, type StationConfig } from '../config/station-config.js';
import type { TestbedBusConfig } from './bus/index.js';

/** The bus flags every testbed command and agent takes (`--bus`, `--wamp-url`, … `--stomp-password`). */
export interface BusFlags {
  bus?: string;
  wampUrl?: string;
  wampRealm?: string;
  stompHost?: string;
  stompPort?: number | string;
  stompUser?: string;
  stompPassword?: string;
}

/** The station's embedded router (`station serve`/`start` defaults). */
export const DEFAULT_WAMP_URL = 'ws://127.0.0.1:8001/ws';
export const DEFAULT_WAMP_REALM = 'test_realm';
/** Upstream BaseAgent's defaults (spec §4.8: localhost / 61612 / admin / admin). */
export const DEFAULT_STOMP = { host: 'localhost', port: 61612, user: 'admin', password: 'admin' } as const;

function portFrom(value: number | string, source: string): number {
  const port = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${source} must be a TCP port (1-65535), got "${value}"`);
  return port;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * The bus config: flags first, then STATION_TESTBED_BUS / STATION_WAMP_URL / STATION_WAMP_REALM and
 * ACTIVEMQ_HOST / ACTIVEMQ_PORT / ACTIVEMQ_USER / ACTIVEMQ_PASSWORD, then the station config file
 * (`station.toml`, see loadStationConfig; its password comes from the variable `password_env` names),
 * then the defaults. Throws a message naming the flag, variable or file line on bad input.
 */
export function resolveBusSettings(flags: BusFlags = {}, env: NodeJS.ProcessEnv = process.env, stationConfig?: StationConfig): TestbedBusConfig {
  const file = stationConfig?.testbed;
  const kind = nonEmpty(flags.bus) ?? nonEmpty(env.STATION_TESTBED_BUS) ?? file?.bus ?? 'wamp';
  if (kind === 'wamp') {
    const url = nonEmpty(flags.wampUrl) ?? nonEmpty(env.STATION_WAMP_URL) ?? file?.wamp.url ?? DEFAULT_WAMP_URL;
    if (!/^wss?:\/\/\S+$/.test(url)) throw new Error(`--wamp-url must be a ws:// or wss:// URL, got "${url}"`);
    return { kind: 'wamp', url, realm: nonEmpty(flags.wampRealm) ?? nonEmpty(env.STATION_WAMP_REALM) ?? file?.wamp.realm ?? DEFAULT_WAMP_REALM };
  }
  if (kind === 'stomp') {
    const port =
      flags.stompPort !== undefined
        ? portFrom(flags.stompPort, '--stomp-port')
        : env.ACTIVEMQ_PORT
          ? portFrom(env.ACTIVEMQ_PORT, 'ACTIVEMQ_PORT')
          : (file?.stomp.port ?? DEFAULT_STOMP.port);
    return {
      kind: 'stomp',
      host: nonEmpty(flags.stompHost) ?? nonEmpty(env.ACTIVEMQ_HOST) ?? file?.stomp.host ?? DEFAULT_STOMP.host,
      port,
      user: nonEmpty(flags.stompUser) ?? nonEmpty(env.ACTIVEMQ_USER) ?? file?.stomp.user ?? DEFAULT_STOMP.user,
      password: flags.stompPassword ?? env.ACTIVEMQ_PASSWORD ?? (stationConfig ? stationStompPassword(stationConfig, env) : undefined) ?? DEFAULT_STOMP.password,
    };
  }
  throw new Error(`--bus must be "wamp" (the embedded router) or "stomp" (ActiveMQ), got "${kind}"`);
}

/** {@link resolveBusSettings} with `<dataDir>/station.toml` as the last source before the defaults (the `station testbed …` and `station mcp` commands). */
export function resolveCommandBusSettings(flags: BusFlags, dataDir: string, env: NodeJS.ProcessEnv = process.env): TestbedBusConfig {
  return resolveBusSettings(flags, env, loadStationConfig(dataDir));
}

/**
 * The command-line flags that make a child process (an agent under supervisord) use `config`, and
 * the environment that goes with them: the STOMP password travels in ACTIVEMQ_PASSWORD, never in
 * argv, so `ps` and supervisord's process list do not show it.
 */
export function busArguments(config: TestbedBusConfig): { args: string[]; env: Record<string, string> } {
  if (config.kind === 'wamp') return { args: ['--bus', 'wamp', '--wamp-url', config.url, '--wamp-realm', config.realm], env: {} };
  const args = ['--bus', 'stomp', '--stomp-host', config.host, '--stomp-port', String(config.port)];
  if (config.user !== undefined) args.push('--stomp-user', config.user);
  return { args, env: config.password !== undefined ? { ACTIVEMQ_PASSWORD: config.password } : {} };
}

/** Commander definitions of the bus flags, shared by `station testbed …` commands. */
export const BUS_FLAG_HELP: ReadonlyArray<[flag: string, help: string]> = [
  ['--bus <kind>', 'testbed bus: wamp (embedded router, default) or stomp (ActiveMQ); env STATION_TESTBED_BUS, else <data dir>/station.toml'],
  ['--wamp-url <url>', `router URL (default ${DEFAULT_WAMP_URL}; env STATION_WAMP_URL)`],
  ['--wamp-realm <realm>', `router realm (default ${DEFAULT_WAMP_REALM}; env STATION_WAMP_REALM)`],
  ['--stomp-host <host>', 'ActiveMQ host (env ACTIVEMQ_HOST, default localhost)'],
  ['--stomp-port <port>', 'ActiveMQ STOMP port (env ACTIVEMQ_PORT, default 61612)'],
  ['--stomp-user <user>', 'ActiveMQ user (env ACTIVEMQ_USER, default admin)'],
  ['--stomp-password <password>', 'ActiveMQ password (env ACTIVEMQ_PASSWORD, default admin)'],
];
