/**
 * The station config file `<data dir>/station.toml`: which testbed bus the station and its commands
 * use when no flag or environment variable says otherwise (precedence: CLI flags > environment >
 * station.toml > defaults). A missing file means the defaults. Any mistake (TOML syntax, unknown key,
 * wrong type) is one {@link StationConfigError} reading `file:line: problem` and naming the key.
 *
 * ```toml
 * [testbed]
 * bus = "stomp"                        # or "wamp" (default: the station's embedded router)
 * [testbed.stomp]
 * host = "127.0.0.1"
 * port = 61613
 * user = "admin"
 * password_env = "ACTIVEMQ_PASSWORD"   # the password itself is never stored in the file
 * [testbed.wamp]
 * url = "ws://127.0.0.1:8001/ws"
 * realm = "test_realm"
 * [stream]                             # the desktop station's SSE message stream listener
 * enabled = true
 * host = "127.0.0.1"
 * port = 8765                          # 0 picks a free one
 * [fastmon]                            # the fast-monitoring agent's defaults (its flags win)
 * seed = "fastmon"                     # also selection_fraction, tf_files_per_stf, tf_count_per_stf,
 * watch_dirs = ["/data/stf"]           # tf_size_fraction, poll_interval_s
 * [access]                             # lock levels of bridge and desktop connections
 * start_level = "operate"              # "locked", "operate" or "expert"
 * relock_seconds = 30                  # back to start_level after this long without an action above it
 * ```
 */
import { readFileSync } from 'node:fs';
import type { AccessLevel } from '../../shared/access.js';
import { join } from 'node:path';
import { z } from 'zod';
import { TestbedConfigError, parseToml, type ConfigProblemLocation } from '../testbed/config/index.js';
import { locatePath } from '../testbed/config/source-locator.js';
import { keyLabel } from '../testbed/config/toml-file.js';
import { describeValue } from '../testbed/config/validate-document.js';

/** The file name inside the data directory. */
export const STATION_CONFIG_FILE = 'station.toml';

/** One station.toml problem; its message reads `file:line[:column]: problem`. */
export class StationConfigError extends TestbedConfigError {
  constructor(problem: string, location: ConfigProblemLocation = {}, excerpt?: string) {
    super(problem, location, excerpt);
    this.name = 'StationConfigError';
  }
}

/** `[testbed.stomp]`: ActiveMQ over STOMP. */
export interface StationStompSettings {
  host?: string;
  port?: number;
  user?: string;
  /** The name of the environment variable holding the password (never the password itself). */
  passwordEnv?: string;
}

/** `[testbed.wamp]`: a WAMP router other than the station's own. */
export interface StationWampSettings {
  url?: string;
  realm?: string;
}

/** `[stream]`: the loopback listener of `GET /api/messages/stream/` in desktop mode (`station serve` has its own server). */
export interface StationStreamSettings {
  enabled?: boolean;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

/** The stream listener's defaults: the same host and port as `station serve`, so clients have one default URL. */
export const STREAM_DEFAULTS: Readonly<Required<StationStreamSettings>> = Object.freeze({ enabled: true, host: '127.0.0.1', port: 8765 });

/** `[fastmon]`: the fast-monitoring agent's settings (names as main/fastmon/settings.ts; its CLI flags win). */
export interface StationFastmonSettings {
  seed?: string;
  selectionFraction?: number;
  tfFilesPerStf?: number;
  tfCountPerStf?: number;
  tfSizeFraction?: number;
  watchDirs?: string[];
  /** Seconds between directory polls (continuous mode). */
  pollIntervalS?: number;
}

/** `[access]`: the lock level connections start at and how long an unlock lasts idle (main/ipc/connection-lock.ts). */
export interface StationAccessSettings {
  startLevel?: AccessLevel;
  relockSeconds?: number;
}

/** The validated file; absent keys are undefined (the caller's defaults apply). */
export interface StationConfig {
  /** The file's path (whether or not it exists). */
  readonly file: string;
  /** False when there is no file (all defaults). */
  readonly found: boolean;
  readonly testbed: {
    readonly bus?: 'wamp' | 'stomp';
    readonly stomp: Readonly<StationStompSettings>;
    readonly wamp: Readonly<StationWampSettings>;
  };
  readonly stream: Readonly<StationStreamSettings>;
  readonly fastmon: Readonly<StationFastmonSettings>;
  readonly access: Readonly<StationAccessSettings>;
  /** The 1-based line of a table or key (`['testbed', 'stomp', 'port']`), for errors found later. */
  lineOf(path: readonly string[]): number | undefined;
}

const STRING = 'must be a string';
const TABLE = 'must be a table';
const NOT_EMPTY = 'must not be empty';
const PORT = 'must be a TCP port (an integer 1-65535)';
const LISTEN_PORT = 'must be a TCP port (an integer 0-65535; 0 picks a free one)';
// The same ranges as main/fastmon/sampling.ts checks, so the file accepts exactly what the agent's flags do.
const FRACTION = 'must be a fraction (a number 0-1)';
const COUNT = 'must be a whole number >= 1';
const DIRS = 'must be an array of directory paths (non-empty strings)';
const HOST = 'must be a host name or address';

const stompSchema = z.strictObject(
  {
    host: z.string({ error: STRING }).regex(/^\S+$/, { error: HOST }).optional(),
    port: z.number({ error: PORT }).int({ error: PORT }).min(1, { error: PORT }).max(65535, { error: PORT }).optional(),
    user: z.string({ error: STRING }).min(1, { error: NOT_EMPTY }).optional(),
    password_env: z
      .string({ error: STRING })
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must name an environment variable (letters, digits and _)' })
      .optional(),
  },
  { error: TABLE },
);

const wampSchema = z.strictObject(
  {
    url: z.string({ error: STRING }).regex(/^wss?:\/\/\S+$/, { error: 'must be a ws:// or wss:// URL' }).optional(),
    realm: z.string({ error: STRING }).min(1, { error: NOT_EMPTY }).optional(),
  },
  { error: TABLE },
);

const testbedSchema = z.strictObject(
  {
    bus: z.enum(['wamp', 'stomp'], { error: 'must be "wamp" (the embedded router) or "stomp" (ActiveMQ)' }).optional(),
    stomp: stompSchema.optional(),
    wamp: wampSchema.optional(),
  },
  { error: TABLE },
);

const streamSchema = z.strictObject(
  {
    enabled: z.boolean({ error: 'must be true or false' }).optional(),
    host: z.string({ error: STRING }).regex(/^\S+$/, { error: HOST }).optional(),
    port: z.number({ error: LISTEN_PORT }).int({ error: LISTEN_PORT }).min(0, { error: LISTEN_PORT }).max(65535, { error: LISTEN_PORT }).optional(),
  },
  { error: TABLE },
);

const fraction = () => z.number({ error: FRACTION }).min(0, { error: FRACTION }).max(1, { error: FRACTION }).optional();
const count = () => z.number({ error: COUNT }).int({ error: COUNT }).min(1, { error: COUNT }).optional();
const fastmonSchema = z.strictObject(
  {
    seed: z.string({ error: STRING }).optional(),
    selection_fraction: fraction(),
    tf_files_per_stf: count(),
    tf_count_per_stf: count(),
    tf_size_fraction: fraction(),
    watch_dirs: z.array(z.string({ error: DIRS }).regex(/\S/, { error: DIRS }), { error: DIRS }).optional(),
    poll_interval_s: z.number({ error: 'must be a number of seconds > 0' }).positive({ error: 'must be a number of seconds > 0' }).optional(),
  },
  { error: TABLE },
);

// A day at most: an unlock meant to last longer is a start_level.
const RELOCK = 'must be a number of seconds > 0 and at most 86400';
const accessSchema = z.strictObject(
  {
    start_level: z.enum(['locked', 'operate', 'expert'], { error: 'must be "locked", "operate" or "expert"' }).optional(),
    relock_seconds: z.number({ error: RELOCK }).positive({ error: RELOCK }).max(86_400, { error: RELOCK }).optional(),
  },
  { error: TABLE },
);

const documentSchema = z.strictObject(
  { testbed: testbedSchema.optional(), stream: streamSchema.optional(), fastmon: fastmonSchema.optional(), access: accessSchema.optional() },
  { error: TABLE },
);

/** Keys allowed in each table, listed in "unknown key" errors. */
const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': ['testbed', 'stream', 'fastmon', 'access'],
  testbed: ['bus', 'stomp', 'wamp'],
  'testbed.stomp': ['host', 'port', 'user', 'password_env'],
  'testbed.wamp': ['url', 'realm'],
  stream: ['enabled', 'host', 'port'],
  access: ['start_level', 'relock_seconds'],
  fastmon: ['seed', 'selection_fraction', 'tf_files_per_stf', 'tf_count_per_stf', 'tf_size_fraction', 'watch_dirs', 'poll_interval_s'],
};

/** The path of station.toml in a data directory. */
export function stationConfigPath(dataDir: string): string {
  return join(dataDir, STATION_CONFIG_FILE);
}

/** Reads `<dataDir>/station.toml`; a missing file gives the defaults, any problem throws one {@link StationConfigError}. */
export function loadStationConfig(dataDir: string): StationConfig {
  const file = stationConfigPath(dataDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { file, found: false, testbed: { stomp: {}, wamp: {} }, stream: {}, fastmon: {}, access: {}, lineOf: () => undefined };
    throw new StationConfigError(`cannot read the file (${code ?? String(error)})`, { file });
  }
  return parseStationConfig(file, text);
}

/** Validates station.toml text (`file` names it in errors). */
export function parseStationConfig(file: string, text: string): StationConfig {
  let document: unknown;
  try {
    document = parseToml(file, text);
  } catch (error) {
    if (!(error instanceof TestbedConfigError)) throw error;
    throw new StationConfigError(error.problem, error, error.excerpt);
  }
  const lineOf = (path: readonly string[]) => locatePath(text, path);
  const result = documentSchema.safeParse(document, { reportInput: true });
  if (!result.success) {
    const located = result.error.issues.map((issue) => toError(issue, file, document, lineOf));
    located.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
    throw located[0];
  }
  const testbed = result.data.testbed ?? {};
  const stomp = testbed.stomp ?? {};
  const fastmon = result.data.fastmon ?? {};
  return {
    file,
    found: true,
    testbed: {
      bus: testbed.bus,
      stomp: { host: stomp.host, port: stomp.port, user: stomp.user, passwordEnv: stomp.password_env },
      wamp: { ...testbed.wamp },
    },
    stream: { ...result.data.stream },
    fastmon: dropUndefined({
      seed: fastmon.seed,
      selectionFraction: fastmon.selection_fraction,
      tfFilesPerStf: fastmon.tf_files_per_stf,
      tfCountPerStf: fastmon.tf_count_per_stf,
      tfSizeFraction: fastmon.tf_size_fraction,
      watchDirs: fastmon.watch_dirs,
      pollIntervalS: fastmon.poll_interval_s,
    }),
    access: dropUndefined({ startLevel: result.data.access?.start_level, relockSeconds: result.data.access?.relock_seconds }),
    lineOf,
  };
}

/**
 * The STOMP password `[testbed.stomp] password_env` points at: undefined when the file names no
 * variable; a located error when it names one that is not set.
 */
export function stationStompPassword(config: StationConfig, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const name = config.testbed.stomp.passwordEnv;
  if (name === undefined) return undefined;
  const value = env[name];
  if (value !== undefined) return value;
  const path = ['testbed', 'stomp', 'password_env'];
  throw new StationConfigError(`[testbed.stomp] password_env names ${name}, which is not set in the environment`, {
    file: config.file,
    line: config.lineOf(path),
    key: keyLabel(path.slice(0, -1), 'password_env'),
  });
}

/**
 * The stream listener's settings: `overrides` (the caller's flags or options) > station.toml `[stream]` >
 * {@link STREAM_DEFAULTS}. No environment variable sets them.
 */
export function resolveStreamSettings(config: Pick<StationConfig, 'stream'>, overrides: StationStreamSettings = {}): Required<StationStreamSettings> {
  return { ...STREAM_DEFAULTS, ...dropUndefined(config.stream), ...dropUndefined(overrides) };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

function isTable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function valueAt(document: unknown, path: readonly string[]): unknown {
  let value = document;
  for (const segment of path) value = isTable(value) ? (value as Record<string, unknown>)[segment] : undefined;
  return value;
}

function toError(issue: z.core.$ZodIssue, file: string, document: unknown, lineOf: (path: readonly string[]) => number | undefined): StationConfigError {
  let path = issue.path.map(String);
  // An array item's problem is reported at the array's key (the line a user edits), naming the item.
  const item = typeof issue.path.at(-1) === 'number' ? ` (item ${Number(issue.path.at(-1)) + 1})` : '';
  if (item) path = path.slice(0, -1);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const full = [...path, key];
    const label = isTable(valueAt(document, full)) ? `[${full.join('.')}]` : keyLabel(path, key);
    const problem =
      path.join('.') === 'testbed.stomp' && key === 'password'
        ? `${label} is not allowed: put the password in an environment variable and name it with password_env`
        : `${label} is not a known key (known: ${(KNOWN_KEYS[path.join('.')] ?? []).join(', ')})`;
    return new StationConfigError(problem, { file, line: lineOf(full), key: label });
  }
  const label = path.length === 0 ? '(top level)' : keyLabel(path.slice(0, -1), path.at(-1));
  return new StationConfigError(`${label} ${issue.message}, got ${describeValue(issue.input)}${item}`, { file, line: lineOf(path), key: label });
}
