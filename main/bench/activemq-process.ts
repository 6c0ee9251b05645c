/**
 * A standalone ActiveMQ (Debian's `activemq` package) for `station bench testbed` and the tests (test/helpers/activemq.ts), started as platform-notes.md describes:
 * a copy of the packaged activemq.xml in a temp ACTIVEMQ_BASE whose only transport connector is STOMP
 * on a free 127.0.0.1 port (no openwire 61616, so parallel test files never clash), run with
 * `/usr/bin/activemq console xbean:file:…` as its own process group. stop()/start() restart it on the
 * same port and data directory. Output goes to `<base>/activemq.log`, kept for failure reports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

const ACTIVEMQ_SCRIPT = '/usr/bin/activemq';
const PACKAGED_CONF = '/etc/activemq/instances-available/main';

export interface ActiveMq {
  readonly host: string;
  readonly port: number;
  readonly baseDir: string;
  readonly logFile: string;
  /** pid of the running broker's process-group leader, or null while stopped. */
  readonly pid: number | null;
  /** Starts the broker (again) on the same port; resolves when STOMP answers CONNECT. */
  start(): Promise<void>;
  /** SIGTERM to the broker's process group, SIGKILL after `graceMs`; resolves when every process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** The broker's output so far (for failure messages). */
  log(): string;
  /** Stops the broker and removes its directory (the log too, unless `keepLog`). */
  dispose(keepLog?: boolean): Promise<void>;
}

/** True when Debian's ActiveMQ and a Java runtime are installed. */
export function activeMqInstalled(): boolean {
  return existsSync(ACTIVEMQ_SCRIPT) && existsSync(join(PACKAGED_CONF, 'activemq.xml')) && existsSync('/usr/bin/java');
}

/** Creates the broker's directory on a free port and starts it. */
export async function startActiveMq(): Promise<ActiveMq> {
  if (!activeMqInstalled()) throw new Error('ActiveMQ is not installed: apt-get install activemq (needs a Java runtime)');
  const host = '127.0.0.1';
  const port = await freePort();
  const baseDir = mkdtempSync(join(tmpdir(), 'activemq-'));
  const logFile = join(baseDir, 'activemq.log');
  writeBrokerConfig(baseDir, host, port);
  let child: ChildProcess | null = null;

  const broker: ActiveMq = {
    host,
    port,
    baseDir,
    logFile,
    get pid() {
      return child?.pid ?? null;
    },
    async start() {
      if (child) throw new Error('ActiveMQ already running');
      const out = openSync(logFile, 'a');
      // Own process group: the script runs java under `sh -c`, so stopping means signalling the group.
      child = spawn(ACTIVEMQ_SCRIPT, ['console', `xbean:file:${join(baseDir, 'conf', 'activemq.xml')}`], {
        env: brokerEnv(baseDir),
        detached: true,
        stdio: ['ignore', out, out],
      });
      closeSync(out);
      const started = child;
      try {
        await waitFor(async () => {
          if (started.exitCode !== null) throw new Error(`ActiveMQ exited (${started.exitCode}) while starting:\n${broker.log()}`);
          return stompAnswers(host, port);
        }, 30_000, `ActiveMQ STOMP on ${host}:${port}`, 100);
      } catch (error) {
        await broker.stop();
        throw error;
      }
    },
    async stop(graceMs = 10_000) {
      const running = child;
      if (!running?.pid) return;
      child = null;
      const group = -running.pid;
      signal(group, 'SIGTERM');
      try {
        await waitFor(() => !groupAlive(group), graceMs, 'ActiveMQ to exit', 50);
      } catch {
        signal(group, 'SIGKILL');
        await waitFor(() => !groupAlive(group), 5_000, 'ActiveMQ to die', 50);
      }
    },
    log() {
      return existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    },
    async dispose(keepLog = false) {
      await broker.stop();
      if (!keepLog) rmSync(baseDir, { recursive: true, force: true });
    },
  };
  await broker.start();
  return broker;
}

/** The packaged activemq.xml with only a STOMP connector and every path inside `baseDir`. */
function writeBrokerConfig(baseDir: string, host: string, port: number): void {
  const conf = join(baseDir, 'conf');
  for (const dir of [conf, join(baseDir, 'data'), join(baseDir, 'tmp')]) mkdirSync(dir, { recursive: true });
  const packaged = readFileSync(join(PACKAGED_CONF, 'activemq.xml'), 'utf8');
  const connectors = `<transportConnectors>\n            <transportConnector name="stomp" uri="stomp://${host}:${port}"/>\n        </transportConnectors>`;
  const xml = packaged
    .replace(/<transportConnectors>[\s\S]*?<\/transportConnectors>/, connectors)
    // Debian's options file resets ACTIVEMQ_BASE to /var/lib/activemq, so ${activemq.base} would be shared: use absolute paths.
    .replace(/\$\{activemq\.base\}\/data/g, join(baseDir, 'data'));
  if (!xml.includes(`stomp://${host}:${port}`) || xml.includes('${activemq.base}')) throw new Error('unexpected activemq.xml layout: cannot place the STOMP connector/data directory');
  writeFileSync(join(conf, 'activemq.xml'), xml);
  const log4j = join(PACKAGED_CONF, 'log4j2.properties');
  if (existsSync(log4j)) writeFileSync(join(conf, 'log4j2.properties'), readFileSync(log4j));
}

function brokerEnv(baseDir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: baseDir,
    ACTIVEMQ_HOME: '/usr/share/activemq',
    ACTIVEMQ_BASE: baseDir,
    ACTIVEMQ_CONF: join(baseDir, 'conf'),
    ACTIVEMQ_DATA: join(baseDir, 'data'),
    ACTIVEMQ_TMP: join(baseDir, 'tmp'),
    // Run as ourselves (no `su`), with a pid file of our own instead of /run/activemq.pid.
    ACTIVEMQ_USER: process.env.USER ?? 'root',
    ACTIVEMQ_PIDFILE: join(baseDir, 'activemq.pid'),
  };
}

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/** Polls `check` until it is true; throws naming `what` after `timeoutMs`. */
async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, intervalMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Opens a STOMP session by hand: true once the broker answers CONNECTED. */
function stompAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('CONNECT\naccept-version:1.2\nhost:localhost\n\n\0'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\0')) {
        socket.write('DISCONNECT\n\n\0');
        done(reply.startsWith('CONNECTED'));
      }
    });
  });
}

function signal(group: number, name: NodeJS.Signals): void {
  try {
    process.kill(group, name);
  } catch {
    // Already gone.
  }
}

function groupAlive(group: number): boolean {
  try {
    process.kill(group, 0);
    return true;
  } catch {
    return false;
  }
}
