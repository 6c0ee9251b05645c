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
 * ```
 */
import { readFileSync } from 'node:fs';
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
  /** The 1-based line of a table or key (`['testbed', 'stomp', 'port']`), for errors found later. */
  lineOf(path: readonly string[]): number | undefined;
}

const STRING = 'must be a string';
const TABLE = 'must be a table';
const NOT_EMPTY = 'must not be empty';
const PORT = 'must be a TCP port (an integer 1-65535)';

const stompSchema = z.strictObject(
  {
    host: z.string({ error: STRING }).regex(/^\S+$/, { error: 'must be a host name or address' }).optional(),
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

const documentSchema = z.strictObject({ testbed: testbedSchema.optional() }, { error: TABLE });

/** Keys allowed in each table, listed in "unknown key" errors. */
const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': ['testbed'],
  testbed: ['bus', 'stomp', 'wamp'],
  'testbed.stomp': ['host', 'port', 'user', 'password_env'],
  'testbed.wamp': ['url', 'realm'],
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
    if (code === 'ENOENT') return { file, found: false, testbed: { stomp: {}, wamp: {} }, lineOf: () => undefined };
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
  return {
    file,
    found: true,
    testbed: {
      bus: testbed.bus,
      stomp: { host: stomp.host, port: stomp.port, user: stomp.user, passwordEnv: stomp.password_env },
      wamp: { ...testbed.wamp },
    },
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

function isTable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function valueAt(document: unknown, path: readonly string[]): unknown {
  let value = document;
  for (const segment of path) value = isTable(value) ? (value as Record<string, unknown>)[segment] : undefined;
  return value;
}

function toError(issue: z.core.$ZodIssue, file: string, document: unknown, lineOf: (path: readonly string[]) => number | undefined): StationConfigError {
  const path = issue.path.map(String);
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
  return new StationConfigError(`${label} ${issue.message}, got ${describeValue(issue.input)}`, { file, line: lineOf(path), key: label });
}
