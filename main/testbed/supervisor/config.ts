/** The station's own supervisord config: paths under the data directory, rendering, atomic writing. */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { SupervisorConfigError } from './errors.js';
import { plainValue, quoteCommand, quoteEnvironment } from './config-quote.js';

/** Signals supervisord may send to stop a program. */
export type StopSignal = 'TERM' | 'INT' | 'QUIT' | 'KILL' | 'HUP' | 'USR1' | 'USR2';

/** One agent (or helper) supervisord runs for the station; its group has the same name. */
export interface SupervisorProgram {
  /** Program name: letters, digits, `_`, `-`, `.`; also the log file name. */
  name: string;
  /** argv, quoted for supervisord here; never passed through a shell. */
  command: readonly string[];
  /** Working directory of the program (default: supervisord's, i.e. `/`). */
  directory?: string;
  /** Added to the environment supervisord itself was started with. */
  environment?: Readonly<Record<string, string>>;
  /** Restart when it exits (default true); 'unexpected' restarts only on exit codes other than 0. */
  autorestart?: boolean | 'unexpected';
  /** Start together with supervisord (default false: the station starts agents explicitly, as upstream). */
  autostart?: boolean;
  /**
   * Default TERM, not upstream's QUIT: our agents are Node processes, which exit cleanly on SIGTERM, while
   * SIGQUIT's default action dumps core. Python agents exit on TERM too.
   */
  stopsignal?: StopSignal;
  /** Seconds to wait after stopsignal before SIGKILL (default 10, as upstream). */
  stopwaitsecs?: number;
  /** Seconds a process must stay up to count as started (default 1). */
  startsecs?: number;
  /** Spawn attempts before FATAL (default 3). */
  startretries?: number;
}

/** Input of renderSupervisorConfig. */
export interface SupervisorConfigInput {
  /** The station's testbed directory (`<dataDir>/testbed`): config, pid file and logs live here. */
  dir: string;
  programs: readonly SupervisorProgram[];
  /** Defaults to supervisorSocketPath(dir, user). */
  socketPath?: string;
  /** Defaults to the current OS user. */
  user?: string;
}

/** Where the station's supervisord keeps its files. */
export interface SupervisorPaths {
  dir: string;
  configPath: string;
  socketPath: string;
  pidFile: string;
  logDir: string;
  supervisordLog: string;
}

// sun_path holds 108 bytes including the terminating NUL.
export const MAX_SOCKET_PATH_BYTES = 107;
const PROGRAM_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

function safeUser(user: string): string {
  return user.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 32) || 'user';
}

/** The current OS user name (falls back to $USER, then 'user'). */
export function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'user';
  }
}

/**
 * `<dir>/supervisor-<user>.sock`, per user so two users never collide. Unix socket paths are limited to
 * 107 bytes; a longer path falls back to `/tmp/station-sv-<user>-<hash of dir>.sock`, still unique per
 * user and directory (supervisord creates it with chmod 0700).
 */
export function supervisorSocketPath(dir: string, user = currentUser()): string {
  const preferred = join(dir, `supervisor-${safeUser(user)}.sock`);
  if (Buffer.byteLength(preferred) <= MAX_SOCKET_PATH_BYTES) return preferred;
  return `/tmp/station-sv-${safeUser(user)}-${shortHash(dir)}.sock`;
}

/** All paths of the station's supervisord under `<dataDir>/testbed`. */
export function supervisorPaths(dataDir: string, user = currentUser()): SupervisorPaths {
  const dir = join(dataDir, 'testbed');
  const logDir = join(dir, 'logs');
  return {
    dir,
    configPath: join(dir, 'supervisord.conf'),
    socketPath: supervisorSocketPath(dir, user),
    pidFile: join(dir, 'supervisord.pid'),
    logDir,
    supervisordLog: join(logDir, 'supervisord.log'),
  };
}

/** The `identifier` written into [supervisord]; lets the bridge recognise its own daemon on the socket. */
export function supervisorIdentifier(dir: string): string {
  return `control-station-${shortHash(dir)}`;
}

function positiveInt(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0) throw new SupervisorConfigError(`${what} must be a whole number of seconds ≥ 0, got ${value}`);
  return value;
}

function renderProgram(p: SupervisorProgram, logDir: string): string[] {
  if (!PROGRAM_NAME.test(p.name)) throw new SupervisorConfigError(`program name "${p.name}" is not allowed: use letters, digits, "_", "-" and "." (at most 64)`);
  const lines = [`[program:${p.name}]`, `command=${quoteCommand(p.command, p.name)}`];
  if (p.directory !== undefined) lines.push(`directory=${plainValue(p.directory, `program "${p.name}" directory`)}`);
  if (p.environment && Object.keys(p.environment).length > 0) lines.push(`environment=${quoteEnvironment(p.environment, p.name)}`);
  lines.push(
    `autostart=${p.autostart ?? false}`,
    `autorestart=${p.autorestart ?? true}`,
    `startsecs=${positiveInt(p.startsecs ?? 1, `program "${p.name}" startsecs`)}`,
    `startretries=${positiveInt(p.startretries ?? 3, `program "${p.name}" startretries`)}`,
    `stopsignal=${p.stopsignal ?? 'TERM'}`,
    `stopwaitsecs=${positiveInt(p.stopwaitsecs ?? 10, `program "${p.name}" stopwaitsecs`)}`,
    // Signal the whole process group so `sh -c` wrappers and their children stop together.
    'stopasgroup=true',
    'killasgroup=true',
    'redirect_stderr=true',
    // supervisord expands a program's log file name twice (once reading, once with the program's expansions).
    `stdout_logfile=${plainValue(join(logDir, `${p.name}.log`), `program "${p.name}" log file`, 2)}`,
    'stdout_logfile_maxbytes=10MB',
    'stdout_logfile_backups=3',
  );
  return lines;
}

/** Renders the station's supervisord config text; throws SupervisorConfigError for anything it cannot express. */
export function renderSupervisorConfig(input: SupervisorConfigInput): string {
  const { dir, programs } = input;
  const socket = plainValue(input.socketPath ?? supervisorSocketPath(dir, input.user), 'supervisord socket path');
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH_BYTES) throw new SupervisorConfigError(`supervisord socket path is longer than ${MAX_SOCKET_PATH_BYTES} bytes: ${socket}`);
  const logDir = join(dir, 'logs');
  const seen = new Set<string>();
  for (const p of programs) {
    if (seen.has(p.name)) throw new SupervisorConfigError(`program "${p.name}" is defined twice`);
    seen.add(p.name);
  }
  const sections = [
    ['; Generated by Control Station. Do not edit: it is rewritten whenever the testbed starts.'],
    ['[unix_http_server]', `file=${socket}`, 'chmod=0700'],
    [
      '[supervisord]',
      `logfile=${plainValue(join(logDir, 'supervisord.log'), 'supervisord log file')}`,
      'logfile_maxbytes=10MB',
      'logfile_backups=3',
      'loglevel=info',
      `pidfile=${plainValue(join(dir, 'supervisord.pid'), 'supervisord pid file')}`,
      `childlogdir=${plainValue(logDir, 'supervisord log directory')}`,
      `identifier=${supervisorIdentifier(dir)}`,
      'nodaemon=false',
    ],
    ['[rpcinterface:supervisor]', 'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface'],
    ['[supervisorctl]', `serverurl=unix://${socket}`],
    ...[...programs].sort((a, b) => (a.name < b.name ? -1 : 1)).map((p) => renderProgram(p, logDir)),
  ];
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
}

/** Writes `text` to `path` via a temporary file and rename, so readers never see half a file. Returns whether it changed. */
export function writeFileAtomically(path: string, text: string): boolean {
  let previous: string | undefined;
  try {
    previous = readFileSync(path, 'utf8');
  } catch {
    previous = undefined;
  }
  if (previous === text) return false;
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, path);
  return true;
}

/** Creates the testbed and log directories (0700: the socket and logs are the user's own). */
export function ensureSupervisorDirs(paths: SupervisorPaths): void {
  mkdirSync(paths.logDir, { recursive: true, mode: 0o700 });
}
