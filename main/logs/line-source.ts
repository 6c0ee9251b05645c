/** What the viewer needs of any source, file-backed (LogFile) or virtual (store rows): lines by number, search, follow. */
import type { LogFileState, LogSearchResult } from '../../shared/logs.js';
import type { AppendEvent, RawLine } from './log-file.js';
import type { SearchOptions } from './search.js';

export interface LineSource {
  state(): LogFileState;
  totalLines(): number;
  /** Lines ending in a newline (follow pushes only complete lines). */
  completeLines(): number;
  /** Lines [from, from+count), 1-based, waiting for the index to reach them; fewer at the end. */
  readLines(from: number, count: number): Promise<RawLine[]>;
  /** Resolves once every line is known (the index reached the end). */
  whenIndexed(): Promise<void>;
  search(options: SearchOptions): Promise<Omit<LogSearchResult, 'sourceId'>>;
  /** Looks for new lines, rotation, truncation; listeners of onAppend hear about them. */
  refresh(): Promise<void>;
  onAppend(listener: (event: AppendEvent) => void | Promise<void>): () => void;
  close(): Promise<void>;
}
