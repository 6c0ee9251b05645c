/**
 * The stream's payloads as the client reads them: a `tf_file_registered` (spec §1.6, plus the station's
 * `run_number`) becomes a TfEvent, anything else stays a loosely typed body. Missing or mistyped fields
 * become null instead of failing, since upstream agents send several variants (§1.6, §3).
 */

/** One registered TF sample, as much of it as the message carried. */
export interface TfEvent {
  /** `run_id`, else `run_number` (the stale agent's field), as text; null when neither is present. */
  run: string | null;
  stfFilename: string | null;
  tfFilename: string | null;
  /** TFs in the sample. */
  tfCount: number | null;
  fileSizeBytes: number | null;
  status: string | null;
  processedBy: string | null;
  /** When the station recorded it (`sent_at`), else the agent's `timestamp`; null when neither parses. */
  time: Date | null;
}

/** The JSON object in an event's `data:` line, or null when it is not one. */
export function parseData(data: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(data);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

const count = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null);

/** A run id as text: runner messages send strings ("100010"), the stale agent a number. */
export function runOf(body: Record<string, unknown>): string | null {
  for (const value of [body.run_id, body.run_number]) {
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return null;
}

/** `sent_at` first: it is timezone-aware, while upstream's `timestamp` is naive local time of another machine. */
export function timeOf(body: Record<string, unknown>): Date | null {
  for (const value of [body.sent_at, body.timestamp]) {
    if (typeof value !== 'string') continue;
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return new Date(ms);
  }
  return null;
}

/** The TF fields of a `tf_file_registered` body. */
export function toTfEvent(body: Record<string, unknown>): TfEvent {
  return {
    run: runOf(body),
    stfFilename: text(body.stf_filename),
    tfFilename: text(body.tf_filename),
    tfCount: count(body.tf_count),
    fileSizeBytes: count(body.file_size_bytes),
    status: text(body.status),
    processedBy: text(body.processed_by),
    time: timeOf(body),
  };
}
