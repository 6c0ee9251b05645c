/** Where a configuration problem sits: the file, and the line, column and key when they are known. */
export interface ConfigProblemLocation {
  /** The file as the caller named it (or `params` for overrides passed in code); absent for lookup failures. */
  readonly file?: string;
  /** 1-based line of the key or table header. */
  readonly line?: number;
  /** 1-based column (TOML syntax errors only). */
  readonly column?: number;
  /** The offending key as `[table] key`, `[table]` or a bare key. */
  readonly key?: string;
}

/**
 * The one error every testbed-configuration problem raises. Its message reads
 * `file:line[:column]: problem`, e.g. `testbed.toml:3: [agents.foo] is not a known agent (known: …)`.
 */
export class TestbedConfigError extends Error implements ConfigProblemLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly key?: string;
  /** The problem without the location prefix. */
  readonly problem: string;
  /** For TOML syntax errors: the source lines around the error with a caret under it. */
  readonly excerpt?: string;

  constructor(problem: string, location: ConfigProblemLocation = {}, excerpt?: string) {
    super(formatLocation(location) + problem);
    this.name = 'TestbedConfigError';
    this.problem = problem;
    this.file = location.file;
    this.line = location.line;
    this.column = location.column;
    this.key = location.key;
    this.excerpt = excerpt;
  }
}

function formatLocation({ file, line, column }: ConfigProblemLocation): string {
  if (file === undefined) return '';
  if (line === undefined) return `${file}: `;
  return column === undefined ? `${file}:${line}: ` : `${file}:${line}:${column}: `;
}
