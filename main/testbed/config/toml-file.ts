import { readFileSync } from 'node:fs';
import { parse, TomlError, type TomlTable } from 'smol-toml';
import { TestbedConfigError } from './errors.js';
import { describeLine } from './source-locator.js';

/** A parsed TOML file with its text kept for locating keys. */
export interface TomlSource {
  readonly file: string;
  readonly text: string;
  readonly document: TomlTable;
}

/** Labels a table path and key the way error messages name them: `[agents.data] enabled`. */
export function keyLabel(table: readonly string[], key?: string): string {
  if (table.length === 0) return key ?? '(top level)';
  return key === undefined ? `[${table.join('.')}]` : `[${table.join('.')}] ${key}`;
}

/** Reads and parses a TOML file; a missing file or a syntax error becomes one {@link TestbedConfigError}. */
export function readTomlSource(file: string): TomlSource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TestbedConfigError(code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(error)})`, { file });
  }
  return { file, text, document: parseToml(file, text) };
}

/** Parses TOML text; a syntax error names the file, line, column and the key on that line. */
export function parseToml(file: string, text: string): TomlTable {
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    // smol-toml's message is "Invalid TOML document: <what>\n\n<excerpt>": keep the first line's reason.
    const reason = error.message.split('\n')[0].replace(/^Invalid TOML document:\s*/, '');
    const { table, key } = describeLine(text, error.line);
    const where = key !== undefined || table.length > 0 ? ` (at ${keyLabel(table, key)})` : '';
    throw new TestbedConfigError(
      `TOML syntax error: ${reason}${where}`,
      { file, line: error.line, column: error.column, key: keyLabel(table, key) },
      error.codeblock,
    );
  }
}
