/**
 * What the client prints: one line per TF sample (the fastmon client's display, spec §3, keyed by
 * `run_id` so canonical messages show their run), dim lines for everything else, and the summary table.
 * Colour comes from node:util styleText, only when the caller says so (a TTY without NO_COLOR).
 */
import { styleText } from 'node:util';
import type { TfEvent } from './messages.js';
import { runOf, timeOf } from './messages.js';
import type { Tally } from './tally.js';

type StyleFormat = Parameters<typeof styleText>[0];

/** Applies ANSI styles, or returns the text unchanged when colour is off. */
export type Styler = (format: StyleFormat, text: string) => string;

/** Colour only on a terminal and only when NO_COLOR is unset or empty (no-color.org). */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

/** A styler; `validateStream: false` because the caller has already decided for its own stream (stdout or stderr). */
export function makeStyler(enabled: boolean): Styler {
  return enabled ? (format, text) => styleText(format, text, { validateStream: false }) : (_format, text) => text;
}

/** Bytes with binary units: `512 B`, `1.5 KiB`, `3.0 MiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Number.isFinite(bytes) ? Math.round(bytes) : '?'} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes / 1024;
  let unit = 0;
  // Stop at 1023.95 rather than 1024 so a value never prints as "1024.0 KiB".
  while (value >= 1023.95 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** Local wall-clock time, `HH:MM:SS`. */
export function formatClock(time: Date): string {
  return [time.getHours(), time.getMinutes(), time.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** The seed client's status colours (spec §3): registered green, processing yellow, processed blue, failed red, done magenta. */
const STATUS_COLOURS: Record<string, StyleFormat> = { registered: 'green', processing: 'yellow', processed: 'blue', failed: 'red', done: 'magenta' };

/**
 * `14:03:11  run 100010  swf.100010.000001.stf → swf.100010.000001_tf_001.tf  24 TFs  1.5 KiB`;
 * the status is named only when it is not the usual `registered`. `now` stands in for a missing time.
 */
export function formatTfLine(tf: TfEvent, style: Styler, now: Date = new Date()): string {
  const tfName = style(STATUS_COLOURS[tf.status ?? 'registered'] ?? 'white', tf.tfFilename ?? '?');
  const parts = [
    style('dim', formatClock(tf.time ?? now)),
    style('cyan', `run ${tf.run ?? '-'}`),
    `${tf.stfFilename ?? '?'} → ${tfName}`,
    style('bold', `${tf.tfCount ?? '?'} TFs`),
    tf.fileSizeBytes === null ? '? B' : formatBytes(tf.fileSizeBytes),
  ];
  if (tf.status !== null && tf.status !== 'registered') parts.push(style(STATUS_COLOURS[tf.status] ?? 'white', tf.status));
  return parts.join('  ');
}

/** Fields the stream adds to every body (spec §2.3): left out of the compact view of other messages. */
const ENRICHMENT = new Set(['msg_type', 'sender_agent', 'recipient_agent', 'queue_name', 'sent_at', 'namespace', 'timestamp']);

const MAX_DETAIL = 200;

/** A dim line for any other event: `fastmon_status` as `run R  status: message  (agent)`, others as compact JSON. */
export function formatOtherLine(event: string, body: Record<string, unknown> | null, data: string, style: Styler, now: Date = new Date()): string {
  const time = formatClock((body && timeOf(body)) ?? now);
  let detail: string;
  if (body === null) detail = data;
  else if (event === 'fastmon_status') {
    const run = runOf(body);
    const agent = typeof body.processed_by === 'string' ? `  (${body.processed_by})` : '';
    detail = `${run === null ? '' : `run ${run}  `}${String(body.status ?? '?')}: ${String(body.message ?? '')}${agent}`;
  } else {
    const rest = Object.fromEntries(Object.entries(body).filter(([key]) => !ENRICHMENT.has(key)));
    detail = JSON.stringify(rest);
  }
  if (detail.length > MAX_DETAIL) detail = `${detail.slice(0, MAX_DETAIL - 1)}…`;
  return style('dim', `${time}  ${event}  ${detail}`);
}

/** `1h 02m 03s`, `2m 05s`, `7s`. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m ${String(s).padStart(2, '0')}s`;
  return m > 0 ? `${m}m ${String(s).padStart(2, '0')}s` : `${s}s`;
}

/** The summary printed on shutdown: a header line, then one row per run and a total row (numbers right-aligned). */
export function formatSummary(tally: Tally, info: { elapsedMs: number; events: number }, style: Styler): string {
  const rows = tally.rows();
  const head = `fastmon-client summary: ${info.events} events in ${formatDuration(info.elapsedMs)}, ${rows.length} run${rows.length === 1 ? '' : 's'}`;
  if (rows.length === 0) return `${style('bold', head)}\nno TF files received\n`;
  const header = ['run', 'STFs', 'TF files', 'TF count', 'bytes', 'size'];
  const cells = (run: string, r: { stfs: number; tfFiles: number; tfCount: number; bytes: number }) => [
    run, String(r.stfs), String(r.tfFiles), String(r.tfCount), String(r.bytes), formatBytes(r.bytes),
  ];
  const body = rows.map((row) => cells(row.run ?? '-', row));
  const total = cells('total', tally.totals());
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((row) => row[i].length), total[i].length));
  // The run column is a name (left-aligned); every other column is a number.
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  return [style('bold', head), style('bold', line(header)), ...body.map(line), style('bold', line(total))].join('\n') + '\n';
}
