/**
 * The log viewer's service behind the `logs:*` channels: sources, windows, search, follow (batched
 * `logs:appended` pushes), merged view and jump. Errors the user can fix come back as bad_request.
 */
import { join } from 'node:path';
import { LOGS_MAX_APPENDED, type LogAppendedPush, type LogFileState, type LogJumpResult, type LogLevel, type LogMergedView, type LogSearchResult, type LogSourceView, type LogWindowView } from '../../shared/logs.js';
import type { ConnectionTarget, PushChannel, PushChannels } from '../../shared/ipc.js';
import { IpcError } from '../ipc/ipc-error.js';
import { loadSiteConfig } from '../ocs/site-config.js';
import { watchPath } from '../logs/follow.js';
import type { LineSource } from '../logs/line-source.js';
import { LogSourceError, LogSources, type LogStoreView } from '../logs/sources.js';
import type { SearchOptions } from '../logs/search.js';
import { jumpToTime, lineView, readMerged, readWindow } from '../logs/views.js';
import type { StationStore } from '../store/index.js';

type Publish = <C extends PushChannel>(channel: C, payload: PushChannels[C]) => void;

/** Pushes per followed source are gathered for this long (the architecture's "batch per N ms"). */
const PUSH_MS = 100;

interface Followed {
  source: LineSource;
  stop: () => void;
  added: number;
  reset: boolean;
}

export interface LogsServiceOptions {
  dataDir: string;
  store: StationStore | null;
  /** The OCS site config's `log-dir`(s) in use, if any. */
  ocsLogDirs?: () => Promise<string[]>;
  publish: Publish;
}

export class LogsService {
  readonly sources: LogSources;
  private readonly followed = new Map<string, Followed>();
  private timer: NodeJS.Timeout | null = null;
  /** Flushes run one at a time: a rotation's final flush must not overlap a timer flush still reading the old file. */
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly options: LogsServiceOptions) {
    this.sources = new LogSources({
      supervisorLogDir: join(options.dataDir, 'testbed', 'logs'),
      stationLogDir: join(options.dataDir, 'logs'),
      ocsLogDirs: options.ocsLogDirs ?? (async () => []),
      store: options.store ? storeView(options.store) : null,
    });
  }

  list(): Promise<LogSourceView[]> {
    return guard(() => this.sources.list());
  }

  open(path: string): Promise<LogSourceView> {
    return guard(() => this.sources.open(path));
  }

  async close(sourceId: string): Promise<{ ok: true }> {
    this.unfollow(sourceId);
    await this.sources.close(sourceId);
    return { ok: true };
  }

  window(sourceId: string, fromLine: number, count: number, levels?: LogLevel[]): Promise<LogWindowView> {
    return guard(async () => {
      const source = await this.sources.get(sourceId);
      // Virtual sources learn about new rows only when asked; files are refreshed by follow or the index.
      if (!this.followed.has(sourceId)) await source.refresh();
      return readWindow(sourceId, source, fromLine, count, levels);
    });
  }

  search(sourceId: string, options: SearchOptions): Promise<LogSearchResult> {
    return guard(async () => ({ sourceId, ...(await (await this.sources.get(sourceId)).search(options)) }));
  }

  follow(sourceId: string, on: boolean): Promise<LogFileState> {
    return guard(async () => {
      const source = await this.sources.get(sourceId);
      if (!on) this.unfollow(sourceId);
      else if (!this.followed.has(sourceId)) this.startFollowing(sourceId, source, (await this.sources.list()).find((s) => s.id === sourceId)?.path ?? null);
      return source.state();
    });
  }

  merged(sourceIds: string[], count: number, fromTime?: number, cursor?: string): Promise<LogMergedView> {
    return guard(async () => readMerged(await Promise.all(sourceIds.map(async (id) => ({ id, source: await this.sources.get(id) }))), count, fromTime, cursor));
  }

  jump(sourceId: string, time: number): Promise<LogJumpResult> {
    return guard(async () => ({ sourceId, line: await jumpToTime(await this.sources.get(sourceId), time) }));
  }

  async shutdown(): Promise<void> {
    for (const id of [...this.followed.keys()]) this.unfollow(id);
    await this.sources.closeAll();
  }

  private startFollowing(sourceId: string, source: LineSource, path: string | null): void {
    const entry: Followed = { source, stop: () => {}, added: 0, reset: false };
    const off = source.onAppend((event) => {
      entry.added = event.reset ? event.added : entry.added + event.added;
      entry.reset ||= event.reset;
      // Before a rotation: push the old file's pending lines now, while it can still be read.
      if (event.final) return this.serial(async () => void ((push) => push && this.options.publish('logs:appended', [push]))(await this.flushOne(sourceId, entry)));
      this.timer ??= setTimeout(() => void this.serial(() => this.flush()), PUSH_MS);
    });
    const refresh = (): void => void source.refresh().catch(() => {});
    // Virtual sources are polled (the store has no per-source event); files are watched.
    const unwatch = path ? watchPath(path, refresh) : pollEvery(refresh, 1000);
    entry.stop = () => {
      off();
      unwatch();
    };
    this.followed.set(sourceId, entry);
  }

  private unfollow(sourceId: string): void {
    this.followed.get(sourceId)?.stop();
    this.followed.delete(sourceId);
  }

  private serial(fn: () => Promise<void>): Promise<void> {
    this.flushing = this.flushing.then(fn, fn);
    return this.flushing;
  }

  /** One push for every followed source with news. */
  private async flush(): Promise<void> {
    this.timer = null;
    const pushes: LogAppendedPush[] = [];
    for (const [sourceId, entry] of this.followed) {
      const push = await this.flushOne(sourceId, entry);
      if (push) pushes.push(push);
    }
    if (pushes.length) this.options.publish('logs:appended', pushes);
  }

  /** A source's pending news: counts, state and its last ≤ LOGS_MAX_APPENDED complete lines (null when none). */
  private async flushOne(sourceId: string, entry: Followed): Promise<LogAppendedPush | null> {
    if (entry.added === 0 && !entry.reset) return null;
    const { added, reset, source } = entry;
    entry.added = 0;
    entry.reset = false;
    const end = source.completeLines();
    const n = Math.min(added, LOGS_MAX_APPENDED, end);
    const raw = await source.readLines(end - n + 1, n).catch(() => []);
    return { sourceId, ...source.state(), added, reset, newLines: raw.map((r, k) => lineView(end - n + 1 + k, r)) };
  }
}

function pollEvery(fn: () => void, ms: number): () => void {
  const timer = setInterval(fn, ms);
  timer.unref();
  return () => clearInterval(timer);
}

/** Runs a request, turning the user's mistakes (bad path, bad regex, unknown id) into bad_request. */
async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof LogSourceError || (error instanceof Error && /^(invalid regular expression|a search query)/.test(error.message))) throw new IpcError('bad_request', error.message);
    throw error;
  }
}

/** The store as sources see it: agents' log rows and script runs' output, formatted like log lines. */
function storeView(store: StationStore): LogStoreView {
  const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();
  return {
    agentNames: () => [...new Set(store.testbed.listAgents({ includeExited: true }).map((a) => a.instanceName))],
    agentLogs: (name, afterId) => {
      const rows = store.testbed.listLogs({ instanceName: name, afterId, limit: 5000 });
      return { lines: rows.map((r) => `${iso(r.at)} ${r.level} ${r.message}`), cursor: rows.at(-1)?.id ?? afterId };
    },
    scriptRuns: () => store.scriptRuns.history(200).map((r) => ({ id: r.id, title: `run ${r.id}: ${r.op} ${r.script.split('/').pop() ?? ''}`.trim(), startedAt: r.startedAt })),
    scriptOutput: (runId, offset) => {
      const rows = store.scriptRuns.output(runId, offset, 5000);
      return { lines: rows.map((r) => `${iso(r.time)} ${r.stream === 'stderr' ? '[stderr] ' : ''}${r.text}`), cursor: offset + rows.length };
    },
  };
}

/** The OCS `log-dir` of the site config the station is attached to (none for the embedded router or a plain URL). */
export async function siteLogDirs(target: ConnectionTarget): Promise<string[]> {
  if (target.kind !== 'site') return [];
  const config = await loadSiteConfig(target.siteFile, { host: target.host }).catch(() => null);
  return config?.host?.logDir ? [config.host.logDir] : [];
}
