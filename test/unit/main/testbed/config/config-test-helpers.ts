import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { TestbedConfigError } from '../../../../../main/testbed/config/index.js';

/** test/fixtures/testbed */
export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../fixtures/testbed');

/** Runs `fn`, expects a TestbedConfigError and returns it. */
export function configErrorOf(fn: () => unknown): TestbedConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TestbedConfigError);
    return error as TestbedConfigError;
  }
  throw new Error('expected a TestbedConfigError, nothing was thrown');
}

/** Temp directories of TOML files, removed by cleanup(). */
export function tomlDirs() {
  const made: string[] = [];
  return {
    /** Writes `files` (name → text) into a fresh directory and returns its path. */
    write(files: Record<string, string>): string {
      const dir = mkdtempSync(join(tmpdir(), 'testbed-config-'));
      made.push(dir);
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      return dir;
    },
    cleanup(): void {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
