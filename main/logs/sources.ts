/**
 * The log viewer's sources: supervisord program logs (stdout, stderr) and supervisord's own log under
 * the testbed supervisor dir, station agents' log rows and script-run outputs from the store (virtual),
 * the router/station log dir, OCS log directories from the site config (`log-dir`), and files the
 * user opened. Ids are opaque; a path from the renderer is resolved and checked here before use.
 */
import { createHash } from 'node:crypto';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { LogSourceKind, LogSourceView } from '../../shared/logs.js';
import { LogFile } from './log-file.js';
import type { LineSource } from './line-source.js';
import { VirtualSource, type PullLines } from './virtual-source.js';

/** What sources read from the station store (a narrow view, so tests can fake it). */
export interface LogStoreView {
  agentNames(): string[];
  /** Agent log rows after id `afterId`, formatted as lines, with the last id. */
  agentLogs(name: string, afterId: number): { lines: string[]; cursor: number };
  scriptRuns(): Array<{ id: number; title: string; startedAt: number }>;
  scriptOutput(runId: number, offset: number): { lines: string[]; cursor: number };
}

export interface LogSourcesOptions {
  /** `<dataDir>/testbed/logs`: supervisord's and its programs' logs. */
  supervisorLogDir: string;
  /** Where the station's own / router logs are written (`<dataDir>/logs`). */
  stationLogDir: string;
  /** OCS `log-dir`s of the site config in use (may be empty). */
  ocsLogDirs(): Promise<string[]>;
  store: LogStoreView | null;
}

type Descriptor = { view: LogSourceView; pull?: PullLines };

/** Thrown for requests the user can fix (bad path, unknown source): the service maps it to bad_request. */
export class LogSourceError extends Error {}

export class LogSources {
  private readonly known = new Map<string, Descriptor>();
  private readonly opened = new Map<string, LogSourceView>();
  private readonly live = new Map<string, Promise<LineSource>>();

  constructor(private readonly options: LogSourcesOptions) {}

  /** Every source now (directories are listed again on each call). */
  async list(): Promise<LogSourceView[]> {
    const found: Descriptor[] = [];
    for (const file of await logFiles(this.options.supervisorLogDir)) found.push({ view: await fileView('supervisor', file, supervisorTitle(file)) });
    for (const file of await logFiles(this.options.stationLogDir)) found.push({ view: await fileView('router', file, basename(file)) });
    for (const dir of await this.options.ocsLogDirs().catch(() => [])) {
      for (const file of await logFiles(dir)) found.push({ view: await fileView('ocs', file, basename(file)) });
    }
    const store = this.options.store;
    if (store) {
      for (const name of store.agentNames()) {
        found.push({ view: virtualView('agent', `agent:${b64(name)}`, name), pull: (cursor) => store.agentLogs(name, cursor) });
      }
      for (const run of store.scriptRuns()) {
        found.push({ view: virtualView('script', `script:${run.id}`, run.title, run.startedAt), pull: (cursor) => store.scriptOutput(run.id, cursor) });
      }
    }
    for (const view of this.opened.values()) found.push({ view: await fileView('file', view.path as string, view.title) });
    for (const d of found) this.known.set(d.view.id, d);
    return found.map((d) => d.view);
  }

  /** Adds a file the user picked: resolved (symlinks followed) and refused unless it is a regular file. */
  async open(path: string): Promise<LogSourceView> {
    let real: string;
    try {
      real = await realpath(path);
    } catch (error) {
      throw new LogSourceError(`cannot open ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    const info = await stat(real);
    if (!info.isFile()) throw new LogSourceError(`cannot open ${path}: not a regular file (${info.isDirectory() ? 'a directory' : 'a device, FIFO or socket'})`);
    const view = await fileView('file', real, basename(real));
    this.opened.set(view.id, view);
    this.known.set(view.id, { view });
    return view;
  }

  /** The source's reader, opened on first use and kept until close(). */
  async get(id: string): Promise<LineSource> {
    if (!this.known.has(id)) await this.list();
    const descriptor = this.known.get(id);
    if (!descriptor) throw new LogSourceError(`unknown log source ${id}`);
    let source = this.live.get(id);
    if (!source) {
      source = descriptor.pull ? Promise.resolve(new VirtualSource(descriptor.pull)) : openFile(descriptor.view.path as string);
      this.live.set(id, source);
      source.catch(() => this.live.delete(id));
    }
    return source;
  }

  /** Closes a source's reader (and forgets a user-opened file). */
  async close(id: string): Promise<void> {
    this.opened.delete(id);
    const source = this.live.get(id);
    this.live.delete(id);
    await (await source?.catch(() => null))?.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.live.keys()].map((id) => this.close(id)));
  }
}

async function openFile(path: string): Promise<LineSource> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new LogSourceError(`${path} is not there (yet)`);
  return LogFile.open(path);
}

/** Regular files in a directory whose names look like logs (`*.log`, `*.log.1`, `*.out`, `*.err`, `*.txt`). */
async function logFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && /\.(log|out|err|txt)(\.\d+)?$/.test(e.name))
    .map((e) => join(dir, e.name))
    .sort();
}

/** supervisord names a program's logs `<program>.log` (stdout) and `<program>-stderr---*.log` / `<program>.err`. */
function supervisorTitle(file: string): string {
  const name = basename(file);
  const stderr = /-stderr---|\.err$|_stderr\./.test(name);
  const program = name.replace(/(-stdout|-stderr)---.*$/, '').replace(/\.(log|out|err)(\.\d+)?$/, '');
  return `${program} (${stderr ? 'stderr' : name === 'supervisord.log' ? 'supervisord' : 'stdout'})`;
}

async function fileView(kind: LogSourceKind, path: string, title: string): Promise<LogSourceView> {
  const info = await stat(path).catch(() => null);
  const view: LogSourceView = { id: `file:${createHash('sha1').update(path).digest('hex').slice(0, 20)}`, kind, title, path, bytes: info?.size ?? null, modified: info ? info.mtimeMs / 1000 : null, exists: !!info };
  if (kind === 'supervisor') view.stream = title.endsWith('(stderr)') ? 'stderr' : 'stdout';
  return view;
}

function virtualView(kind: LogSourceKind, id: string, title: string, modified: number | null = null): LogSourceView {
  return { id, kind, title, path: null, bytes: null, modified, exists: true };
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
