/**
 * Script runs and their output in the station store. Implements the controller's ScriptRunRecorder:
 * `begin` and `end` commit at once; output lines are buffered and committed in small transactions
 * (every `flushIntervalMs` or `flushLines` lines), so a chatty script costs one commit per batch,
 * not one per line. A batch and its run's `lines` counter commit together, so they always agree.
 */
import type Database from 'better-sqlite3';
import type { ScriptOutputLine, ScriptRunRecord } from '../../shared/smurf.js';
import { pidExists } from '../os/pid.js';
import type { ScriptRunRecorder } from '../smurf/script-run-recorder.js';
import type { ChangeEvents } from './change-events.js';
import { toRunRecord, checkRunStart, checkRunEnd, type ScriptRunRow, type ScriptRunStart, type ScriptRunEnd } from './script-run-rows.js';

export type { ScriptRunStart, ScriptRunEnd } from './script-run-rows.js';

export interface ScriptRunStoreOptions {
  /** Longest a line waits before it is committed. Default 50 ms. */
  flushIntervalMs?: number;
  /** A batch this large is committed at once. Default 200 lines. */
  flushLines?: number;
  /** Lines longer than this are cut (with a note of how much). Default 64 KiB characters. */
  maxLineChars?: number;
  /** Lines waiting while the database fails are capped here; later lines are dropped and counted. Default 100,000. */
  maxPendingLines?: number;
  onError: (error: unknown) => void;
}

/** Run history and output (the launcher's history that survives restarts). */
export class ScriptRunStore implements ScriptRunRecorder {
  /** Lines dropped because the database kept failing (see maxPendingLines). */
  droppedLines = 0;
  /** Lines that arrived after their run ended (a script's last output racing its exit): dropped. */
  lateLines = 0;
  private readonly nextSeq = new Map<number, number>();
  /** Recently ended runs, so a late line is told apart from a line for a run never begun here. */
  private readonly recentlyEnded = new Set<number>();
  private pending: ScriptOutputLine[] = [];
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly options: Required<ScriptRunStoreOptions>;
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly events: ChangeEvents,
    options: ScriptRunStoreOptions,
  ) {
    this.options = { flushIntervalMs: 50, flushLines: 200, maxLineChars: 65_536, maxPendingLines: 100_000, ...options };
    this.statements = {
      insertRun: db.prepare(
        `INSERT INTO script_runs (controller, stream_id, op, script, args, log, started_at, pid)
         VALUES (@controller, @streamId, @op, @script, @args, @log, @startedAt, @pid)`,
      ),
      insertLine: db.prepare('INSERT INTO script_output (run_id, seq, stream, time, text) VALUES (@runId, @seq, @stream, @time, @text)'),
      addLines: db.prepare('UPDATE script_runs SET lines = lines + ? WHERE id = ?'),
      endRun: db.prepare('UPDATE script_runs SET ended_at = @endedAt, exit_code = @exitCode, signal = @signal, success = @success WHERE id = @id AND ended_at IS NULL'),
      getRun: db.prepare('SELECT * FROM script_runs WHERE id = ?'),
    };
  }

  /** Records a run's start (committed when this returns); returns its id. */
  begin(run: ScriptRunStart): number {
    this.assertOpen();
    checkRunStart(run);
    const info = this.statements.insertRun.run({ ...run, args: JSON.stringify(run.args), log: JSON.stringify(run.log), pid: process.pid });
    const id = Number(info.lastInsertRowid);
    this.nextSeq.set(id, 0);
    this.events.emit({ kind: 'run', run: this.get(id)! });
    return id;
  }

  /**
   * Queues one output line of an open run; it is committed within flushIntervalMs. A line for a run
   * that just ended is dropped (counted in lateLines); one for a run never begun here throws.
   */
  line(runId: number, stream: 'stdout' | 'stderr', text: string, time: number): void {
    this.assertOpen();
    const seq = this.nextSeq.get(runId);
    if (seq === undefined && this.recentlyEnded.has(runId)) {
      this.lateLines += 1;
      return;
    }
    if (seq === undefined) throw new Error(`script run ${runId} is not open in this store (never begun here, or already ended)`);
    if (stream !== 'stdout' && stream !== 'stderr') throw new TypeError(`script output stream must be stdout or stderr (got ${String(stream)})`);
    if (this.pending.length >= this.options.maxPendingLines) {
      this.droppedLines += 1;
      return;
    }
    this.nextSeq.set(runId, seq + 1);
    this.pending.push({ runId, seq, stream, time: Number.isFinite(time) ? time : Date.now() / 1000, text: this.cut(String(text)) });
    if (this.pending.length >= this.options.flushLines) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.flushIntervalMs);
  }

  /** Records a run's end together with its remaining output (one transaction, committed when this returns). */
  end(runId: number, result: ScriptRunEnd): void {
    this.assertOpen();
    if (!this.nextSeq.has(runId)) throw new Error(`script run ${runId} is not open in this store (never begun here, or already ended)`);
    checkRunEnd(result);
    const batch = this.takePending();
    try {
      this.db.transaction(() => {
        this.writeLines(batch);
        this.statements.endRun.run({ id: runId, endedAt: result.endedAt, exitCode: result.exitCode, signal: result.signal, success: result.success ? 1 : 0 });
      })();
    } catch (error) {
      this.pending = batch.concat(this.pending);
      throw error;
    }
    this.nextSeq.delete(runId);
    this.recentlyEnded.add(runId);
    // Oldest first (insertion order): a late line comes within seconds, not a thousand runs later.
    if (this.recentlyEnded.size > 1000) this.recentlyEnded.delete(this.recentlyEnded.values().next().value!);
    if (batch.length) this.events.emit({ kind: 'output', lines: batch });
    this.events.emit({ kind: 'run', run: this.get(runId)! });
  }

  /** Commits the queued lines now. Errors are reported (onError) and the lines kept for the next try. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0 || this.closed) return;
    const batch = this.takePending();
    try {
      this.db.transaction(() => this.writeLines(batch))();
    } catch (error) {
      this.pending = batch.concat(this.pending);
      this.timer = setTimeout(() => this.flush(), Math.max(this.options.flushIntervalMs, 1000));
      // A store that keeps failing must not keep the process alive by itself.
      this.timer.unref();
      this.options.onError(error);
      return;
    }
    this.events.emit({ kind: 'output', lines: batch });
  }

  /** One run, or null. */
  get(id: number): ScriptRunRecord | null {
    this.assertOpen();
    this.flush();
    const row = this.statements.getRun.get(id) as ScriptRunRow | undefined;
    return row ? toRunRecord(row) : null;
  }

  /** Runs newest first; `before` (a run id) pages further back. */
  history(limit = 50, before?: number): ScriptRunRecord[] {
    this.assertOpen();
    this.flush();
    const rows = this.db
      .prepare('SELECT * FROM script_runs WHERE (@before IS NULL OR id < @before) ORDER BY id DESC LIMIT @limit')
      .all({ before: before ?? null, limit: clampLimit(limit, 1000) }) as ScriptRunRow[];
    return rows.map(toRunRecord);
  }

  /** A run's output lines from line `offset` (0-based), at most `limit`. */
  output(runId: number, offset = 0, limit = 500): ScriptOutputLine[] {
    this.assertOpen();
    this.flush();
    const rows = this.db
      .prepare('SELECT run_id AS runId, seq, stream, time, text FROM script_output WHERE run_id = ? AND seq >= ? ORDER BY seq LIMIT ?')
      .all(runId, Math.max(0, Math.floor(offset)), clampLimit(limit, 10_000)) as ScriptOutputLine[];
    return rows;
  }

  /**
   * Closes runs left open by a recording process that no longer exists (it was killed mid-run):
   * they end as failed at their last output line. Returns their ids.
   */
  closeAbandonedRuns(isAlive: (pid: number) => boolean = pidExists): number[] {
    const open = this.db.prepare('SELECT id, pid FROM script_runs WHERE ended_at IS NULL').all() as Array<{ id: number; pid: number }>;
    const abandoned = open.filter((run) => run.pid !== process.pid && !isAlive(run.pid)).map((run) => run.id);
    const close = this.db.prepare(
      `UPDATE script_runs SET success = 0,
         ended_at = COALESCE((SELECT max(time) FROM script_output WHERE run_id = script_runs.id), started_at)
       WHERE id = ? AND ended_at IS NULL`,
    );
    this.db.transaction(() => abandoned.forEach((id) => close.run(id)))();
    return abandoned;
  }

  /** Commits what is queued and stops accepting lines. */
  close(): void {
    this.flush();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private writeLines(batch: ScriptOutputLine[]): void {
    const perRun = new Map<number, number>();
    for (const line of batch) {
      this.statements.insertLine.run(line);
      perRun.set(line.runId, (perRun.get(line.runId) ?? 0) + 1);
    }
    for (const [runId, count] of perRun) this.statements.addLines.run(count, runId);
  }

  private takePending(): ScriptOutputLine[] {
    const batch = this.pending;
    this.pending = [];
    return batch;
  }

  private cut(text: string): string {
    const max = this.options.maxLineChars;
    return text.length <= max ? text : `${text.slice(0, max)} … [${text.length - max} more characters cut]`;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the station store is closed');
  }
}

function clampLimit(limit: number, max: number): number {
  return Math.min(Math.max(1, Math.floor(Number.isFinite(limit) ? limit : max)), max);
}

