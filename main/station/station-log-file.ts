/**
 * The station's own log file, `<dataDir>/logs/station.log`: every line the station logs (router lines
 * included, which stderr only gets at warn and above), one `ISO-time LEVEL message` line each, so the
 * log viewer lists it as the router/station source and can parse its times and levels. Past `maxBytes`
 * (at start or while writing) the file is rotated to `station.log.1` (one generation kept).
 */
import { createWriteStream, mkdirSync, openSync, renameSync, statSync, type WriteStream } from 'node:fs';
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
  let size = 0;
  const open = (rotate: boolean): void => {
    try {
      mkdirSync(logDir, { recursive: true });
      // Writing, the stream may not have flushed what it counted yet: a rotation then does not wait for the size on disk.
      if (rotate || sizeOf(path) > maxBytes) renameSync(path, `${path}.1`);
      size = sizeOf(path);
      // Opened synchronously: the file exists at once, so a rotation right after cannot miss it.
      const opened = createWriteStream(path, { fd: openSync(path, 'a') });
      // A full disk or a removed directory must not take the station down: the log file is an extra.
      opened.on('error', (error) => {
        warn(`station log ${path}: ${error.message}; no longer written`);
        if (stream === opened) stream = null;
      });
      stream = opened;
    } catch (error) {
      warn(`station log ${path} cannot be written: ${(error as Error).message}`);
      stream = null;
    }
  };
  open(false);
  return {
    path,
    write(level, message) {
      if (!stream) return;
      // One line per entry: a multi-line message (a stack) keeps its lines under one time stamp.
      const line = `${new Date().toISOString()} ${level.toUpperCase()} ${message.replace(/\r?\n/g, '\n    ')}\n`;
      stream.write(line);
      size += Buffer.byteLength(line);
      if (size <= maxBytes) return;
      // Pending writes of the old stream still land in the renamed file (same inode), so no line is lost.
      stream.end();
      open(true);
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
