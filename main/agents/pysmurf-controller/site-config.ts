/**
 * The smurf site file (YAML): where the scripts are, how to run them, which script each controller
 * op runs, abort grace periods, the fake data directory and the crate's slots. Paths in the file are
 * relative to the file. Errors name the file and the key.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { formatKeyPath } from '../../ocs/site-config-schema.js';
import { DEFAULT_INTERPRETERS } from '../../smurf/script-runner.js';
import { CONTROLLER_OPS } from './op-specs.js';
import { findScript } from './script-paths.js';

/** One slot of the crate and the stream id its controller publishes as. */
export interface SmurfSlotConfig {
  crate: number;
  slot: number;
  streamId: string;
}

/** A validated smurf site (every path absolute). */
export interface SmurfSiteConfig {
  /** The file it came from, or null when built in code. */
  file: string | null;
  /** Allowed script directories (real paths). */
  scriptDirs: string[];
  /** Interpreter command by extension (`.py` → `python3 -u`). */
  interpreters: Record<string, string[]>;
  /** Controller op name → script (absolute). Ops without an entry run no script (see the controller). */
  opScripts: Record<string, string>;
  grace: { sigintMs: number; sigtermMs: number };
  /** Root of the fake output files (`SMURF_DATA_DIR`). */
  dataDir: string;
  /** Extra environment for every script (e.g. `SMURF_SIM_DURATION`). */
  env: Record<string, string>;
  slots: SmurfSlotConfig[];
  monitor: { udpHost: string; udpPort: number; instanceId: string };
  /** How long a finished script's session stays current for late `session_data` datagrams (upstream: 1 s). */
  sessionLingerMs: number;
  /** Script output lines kept in an op's session messages (all of them go to the recorder). */
  maxSessionLines: number;
}

const positiveInt = z.number().int().min(0);
const rawSchema = z
  .object({
    script_dirs: z.array(z.string().min(1)).min(1, 'must list at least one directory'),
    interpreters: z.record(z.string().regex(/^\.[\w.-]+$/, 'keys must be extensions like ".py"'), z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])).optional(),
    op_scripts: z.record(z.string(), z.string().min(1)).optional(),
    grace: z.object({ sigint_ms: positiveInt.optional(), sigterm_ms: positiveInt.optional() }).strict().optional(),
    data_dir: z.string().min(1).nullish(),
    env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    slots: z.array(z.object({ crate: positiveInt, slot: positiveInt, stream_id: z.string().regex(/^[\w-]+$/, 'must be letters, digits, _ or -') }).strict()).optional(),
    monitor: z.object({ udp_host: z.string().min(1).optional(), udp_port: z.number().int().min(1).max(65535).optional(), instance_id: z.string().regex(/^[^.\s]+$/).optional() }).strict().optional(),
    session_linger_ms: positiveInt.optional(),
    max_session_lines: z.number().int().min(1).optional(),
  })
  .strict();

/** Raw site settings as written in the YAML file (snake_case keys). */
export type RawSmurfSite = z.input<typeof rawSchema>;

/** A problem with a smurf site file: names the file and the key. */
export class SmurfSiteError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'SmurfSiteError';
  }
}

/** Walks up from this module to the package root (works from the sources and from out/). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && existsSync(join(dir, 'resources'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** resources/smurf/smurf-site.yaml of the package: the simulated crate (crate 1, slots 2–5). */
// In a packaged app the scripts are unpacked next to app.asar (electron-builder asarUnpack): interpreters cannot read inside it.
export const DEFAULT_SMURF_SITE_FILE: string = join(packageRoot(), 'resources', 'smurf', 'smurf-site.yaml').replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');

/** Default root of the simulated output files when neither the file nor the caller gives one. */
export const DEFAULT_SMURF_DATA_DIR = join(tmpdir(), 'control-station-smurf-data');

/** Reads and validates a smurf site file. `overrides.dataDir` wins over the file's `data_dir`. */
export function loadSmurfSite(file: string, overrides: { dataDir?: string } = {}): SmurfSiteConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SmurfSiteError(file, `cannot read the file (${(error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new SmurfSiteError(file, `YAML syntax error: ${(error as Error).message}`);
  }
  return defineSmurfSite(raw, { baseDir: dirname(resolve(file)), file: resolve(file), dataDir: overrides.dataDir });
}

/** Validates raw site settings (e.g. built in code by tests and benchmarks); relative paths are taken from `baseDir`. */
export function defineSmurfSite(raw: unknown, where: { baseDir: string; file?: string; dataDir?: string }): SmurfSiteConfig {
  const label = where.file ?? '<smurf site>';
  const parsed = rawSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = formatKeyPath(issue.path);
    throw new SmurfSiteError(label, `${key || 'the file'}: ${issue.message}`);
  }
  const site = parsed.data;
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(where.baseDir, p));
  const scriptDirs = site.script_dirs.map((dir, i) => {
    const path = abs(dir);
    if (!existsSync(path) || !statSync(path).isDirectory()) throw new SmurfSiteError(label, `script_dirs[${i}]: ${path} is not a directory`);
    return realpathSync(path);
  });
  const opNames = new Set(CONTROLLER_OPS.map((op) => op.name));
  const opScripts: Record<string, string> = {};
  for (const [op, script] of Object.entries(site.op_scripts ?? {})) {
    if (!opNames.has(op) || op === 'run' || op === 'abort') throw new SmurfSiteError(label, `op_scripts.${op}: not a controller op that runs a configured script`);
    const found = findScript(script, scriptDirs);
    if (!found.ok) throw new SmurfSiteError(label, `op_scripts.${op}: ${found.reason}`);
    opScripts[op] = found.path;
  }
  const interpreters: Record<string, string[]> = Object.fromEntries(Object.entries(DEFAULT_INTERPRETERS).map(([k, v]) => [k, [...v]]));
  for (const [ext, command] of Object.entries(site.interpreters ?? {})) interpreters[ext.toLowerCase()] = typeof command === 'string' ? [command] : command;
  const slots = (site.slots ?? []).map((s) => ({ crate: s.crate, slot: s.slot, streamId: s.stream_id }));
  const streamIds = new Set<string>();
  for (const [i, slot] of slots.entries()) {
    if (streamIds.has(slot.streamId)) throw new SmurfSiteError(label, `slots[${i}].stream_id: "${slot.streamId}" is used twice`);
    streamIds.add(slot.streamId);
  }
  return {
    file: where.file ?? null,
    scriptDirs,
    interpreters,
    opScripts,
    grace: { sigintMs: site.grace?.sigint_ms ?? 3000, sigtermMs: site.grace?.sigterm_ms ?? 2000 },
    dataDir: where.dataDir ?? (site.data_dir ? abs(site.data_dir) : DEFAULT_SMURF_DATA_DIR),
    env: Object.fromEntries(Object.entries(site.env ?? {}).map(([k, v]) => [k, String(v)])),
    slots,
    monitor: { udpHost: site.monitor?.udp_host ?? '127.0.0.1', udpPort: site.monitor?.udp_port ?? 8200, instanceId: site.monitor?.instance_id ?? 'pysmurf-monitor' },
    sessionLingerMs: site.session_linger_ms ?? 1000,
    maxSessionLines: site.max_session_lines ?? 500,
  };
}

