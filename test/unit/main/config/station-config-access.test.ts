/** station.toml `[access]`: the lock level connections start at and the idle relock, read from real files. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadStationConfig, StationConfigError } from '../../../../main/config/station-config.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function load(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'station-config-access-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'station.toml'), text);
  return loadStationConfig(dir);
}

describe('station.toml [access]', () => {
  it('reads start_level and relock_seconds', () => {
    expect(load('[access]\nstart_level = "locked"\nrelock_seconds = 1.5\n').access).toEqual({ startLevel: 'locked', relockSeconds: 1.5 });
    expect(load('[access]\nstart_level = "expert"\n').access).toEqual({ startLevel: 'expert' });
  });

  it('absent table or keys leave the defaults to the caller', () => {
    expect(load('[stream]\nport = 0\n').access).toEqual({});
    expect(load('[access]\n').access).toEqual({});
  });

  it.each([
    ['an unknown level', '[access]\nstart_level = "admin"\n', 2, '[access] start_level must be "locked", "operate" or "expert", got string "admin"'],
    ['a level as a number', '[access]\nstart_level = 2\n', 2, '[access] start_level must be "locked", "operate" or "expert", got integer 2'],
    ['zero seconds', '[access]\nstart_level = "locked"\nrelock_seconds = 0\n', 3, '[access] relock_seconds must be a number of seconds > 0 and at most 86400, got integer 0'],
    ['negative seconds', '[access]\nrelock_seconds = -5\n', 2, '[access] relock_seconds must be a number of seconds > 0 and at most 86400, got integer -5'],
    ['more than a day', '[access]\nrelock_seconds = 86401\n', 2, '[access] relock_seconds must be a number of seconds > 0 and at most 86400, got integer 86401'],
    ['seconds as a string', '[access]\nrelock_seconds = "30"\n', 2, '[access] relock_seconds must be a number of seconds > 0 and at most 86400, got string "30"'],
    ['an unknown key', '[access]\nrelock = 30\n', 2, '[access] relock is not a known key (known: start_level, relock_seconds)'],
    ['access as a value', 'access = "expert"\n', 1, 'access must be a table, got string "expert"'],
  ])('%s: one error naming file, line and key', (_name, text, line, problem) => {
    let error: unknown;
    try {
      load(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StationConfigError);
    const { message } = error as StationConfigError;
    expect(message).toBe(`${(error as StationConfigError).file}:${line}: ${problem}`);
  });
});
