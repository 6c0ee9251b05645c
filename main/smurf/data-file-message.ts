/**
 * Turns a `data_file` or `g3_file` publisher message into the data-file row the station indexes
 * (what the upstream pysmurf-monitor queues for its files database, smurf.md §3).
 */
import type { DataFileRecord } from '../../shared/smurf.js';
import type { SmurfDatagram } from './datagram.js';

/** A data-file row before the store assigns its id. */
export type NewDataFile = Omit<DataFileRecord, 'id'>;

export type DataFileConversion = { ok: true; file: NewDataFile } | { ok: false; reason: string };

/** True for the message types that register a file. */
export function isFileMessage(type: string): type is 'data_file' | 'g3_file' {
  return type === 'data_file' || type === 'g3_file';
}

/**
 * The row for a `data_file` (pub.py register_file payload) or `g3_file` (smurf-streamer: path and
 * archive_name, which only chose the upstream archive and is ignored here). A missing or non-string
 * path, or a payload that is not an object, is refused with the reason.
 */
export function dataFileFromMessage(message: SmurfDatagram, receivedAt: number): DataFileConversion {
  if (!isFileMessage(message.type)) return { ok: false, reason: `message type "${message.type}" does not register a file` };
  const payload = message.payload;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return { ok: false, reason: `${message.type} payload must be an object` };
  const fields = payload as Record<string, unknown>;
  if (typeof fields.path !== 'string' || fields.path.trim() === '') return { ok: false, reason: `${message.type} payload needs a non-empty string "path"` };
  if (message.type === 'g3_file') {
    const file: NewDataFile = { path: fields.path, type: 'g3', format: 'g3', action: null, actionTs: null, plot: false, pubId: message.id, timestamp: message.time, receivedAt, source: 'g3_file' };
    return { ok: true, file };
  }
  const format = typeof fields.format === 'string' ? fields.format : '';
  // As upstream: numpy.save appends .npy itself, so pysmurf registers npy files without it.
  const path = format === 'npy' && !fields.path.endsWith('.npy') ? `${fields.path}.npy` : fields.path;
  const timestamp = typeof fields.timestamp === 'number' && Number.isFinite(fields.timestamp) ? fields.timestamp : message.time;
  const file: NewDataFile = {
    path,
    type: typeof fields.type === 'string' ? fields.type : '',
    format,
    action: optionalText(fields.action),
    actionTs: optionalText(fields.action_ts),
    plot: fields.plot === true,
    pubId: message.id,
    timestamp,
    receivedAt,
    source: 'data_file',
  };
  return { ok: true, file };
}

// pysmurf sends action_ts as a string of integer seconds; other publishers may send the number.
function optionalText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}
