/**
 * The station's own log file, `<dataDir>/logs/station.log`: every line the station logs (router lines
 * included, which stderr only gets at warn and above), one `ISO-time LEVEL message` line each, so the
 * log viewer lists it as the router/station source and can parse its times and levels. A file over
 * `maxBytes` at start is rotated to `station.log.1` (one generation kept).
 */
import { createWriteStream, mkdirSync, renameSync, statSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

export const STATION_LOG_FILE = 'station.log';

export interface StationLogFile {
  readonly path: string;
  write(level: 'info' | 'warn' | 'error', message: string): void;
  /** Flushes and closes the file; later writes are dropped. */
  close(): Promise<void>;
}

/** Opens (creating the directory) the station log in `logDir`; a failure leaves a file that writes nothing, reported once through `warn`. */
export function openStationLogFile(logDir: string, warn: (message: string) => void, maxBytes = 10 * 1024 * 1024): StationLogFile {
  const path = join(logDir, STATION_LOG_FILE);
  let stream: WriteStream | null = null;
  try {
    mkdirSync(logDir, { recursive: true });
    if (sizeOf(path) > maxBytes) renameSync(path, `${path}.1`);
    stream = createWriteStream(path, { flags: 'a' });
    // A full disk or a removed directory must not take the station down: the log file is an extra.
    stream.on('error', (error) => {
      warn(`station log ${path}: ${error.message}; no longer written`);
      stream = null;
    });
  } catch (error) {
    warn(`station log ${path} cannot be written: ${(error as Error).message}`);
  }
  return {
    path,
    write(level, message) {
      // One line per entry: a multi-line message (a stack) keeps its lines under one time stamp.
      stream?.write(`${new Date().toISOString()} ${level.toUpperCase()} ${message.replace(/\r?\n/g, '\n    ')}\n`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        const open = stream;
        stream = null;
        if (!open) return resolve();
        open.end(() => resolve());
      }),
  };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
