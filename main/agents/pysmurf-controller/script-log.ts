/**
 * The `log` modes of a script's output: `true` → the agent log and the op's session messages (only
 * the newest lines stay in the session), a path → appended to that file with timestamps, `false` →
 * not logged. Every mode passes the lines on to the recorder (stdout too, except for `false`).
 */
import { accessSync, constants, createWriteStream, existsSync, statSync, type WriteStream } from 'node:fs';
import { basename, dirname, isAbsolute } from 'node:path';
import type { OcsLogger } from '../../ocs/logger.js';
import type { OpSession } from '../../ocs/session.js';
import type { OutputStream } from '../../smurf/script-runner.js';

export type LogMode = boolean | string;

/** `YYYY-MM-DDTHH-MM-SS.ffffff` in UTC (the ocs file-log timestamp; JS has milliseconds, so the last 3 digits are 0). */
export function logTimestamp(date: Date): string {
  const iso = date.toISOString(); // 2024-05-13T10:11:12.345Z
  return `${iso.slice(0, 10)}T${iso.slice(11, 13)}-${iso.slice(14, 16)}-${iso.slice(17, 19)}.${iso.slice(20, 23)}000`;
}

/** One line of a file log. */
export function fileLogLine(text: string, date: Date): string {
  return `${logTimestamp(date)} ${text}\n`;
}

/** Checks the `log` param; returns the reason it cannot be used, or null. */
export function checkLogMode(log: unknown): string | null {
  if (typeof log === 'boolean') return null;
  if (typeof log !== 'string' || log === '') return `log must be true, false or an absolute file path (got ${JSON.stringify(log)})`;
  if (!isAbsolute(log)) return `log file path must be absolute (got ${log})`;
  if (existsSync(log)) {
    if (!statSync(log).isFile()) return `log file ${log} is not a regular file`;
    try {
      accessSync(log, constants.W_OK);
    } catch {
      return `log file ${log} is not writable`;
    }
    return null;
  }
  const dir = dirname(log);
  try {
    if (!statSync(dir).isDirectory()) return `log file directory ${dir} is not a directory`;
    accessSync(dir, constants.W_OK);
  } catch {
    return `log file directory ${dir} does not exist or is not writable`;
  }
  return null;
}

export interface ScriptLogOptions {
  mode: LogMode;
  script: string;
  session: OpSession;
  logger: OcsLogger;
  maxSessionLines: number;
  /** Lines the recorder should keep (all of them, or only stderr when `mode` is false). */
  record?: (stream: OutputStream, text: string, time: number) => void;
}

/** Routes one script's output lines according to its log mode. */
export class ScriptLog {
  private readonly file: WriteStream | null;
  private readonly label: string;
  private readonly sessionLines: Array<[number, string]> = [];

  constructor(private readonly options: ScriptLogOptions) {
    this.label = basename(options.script);
    this.file = typeof options.mode === 'string' ? createWriteStream(options.mode, { flags: 'a' }) : null;
    // A failing log file must not end the script or the agent: report it once in the session.
    this.file?.on('error', (error) => options.session.addMessage(`Could not write the log file: ${error.message}`));
  }

  /** Handles one line. */
  line(stream: OutputStream, text: string, time: number): void {
    const { mode, logger } = this.options;
    if (mode !== false || stream === 'stderr') this.options.record?.(stream, text, time);
    if (mode === true) {
      // Session messages already reach the agent log (info); stderr is logged as an error as well.
      if (stream === 'stderr') logger.error(`${this.label}: ${text}`);
      this.addSessionLine(text, time);
    } else if (this.file) {
      this.file.write(fileLogLine(stream === 'stderr' ? `[stderr] ${text}` : text, new Date(time * 1000)));
    }
  }

  /** Closes the log file, if any, once everything is written. */
  close(): Promise<void> {
    const file = this.file;
    if (!file || file.closed) return Promise.resolve();
    return new Promise((resolve) => file.end(() => resolve()));
  }

  // Keeps at most maxSessionLines script lines among the session messages (status messages stay).
  private addSessionLine(text: string, time: number): void {
    const { session, maxSessionLines } = this.options;
    session.addMessage(text, time);
    const entry = session.messages[session.messages.length - 1];
    if (entry) this.sessionLines.push(entry);
    if (this.sessionLines.length <= maxSessionLines * 1.25) return;
    const drop = new Set(this.sessionLines.splice(0, this.sessionLines.length - maxSessionLines));
    session.messages = session.messages.filter((message) => !drop.has(message));
  }
}
