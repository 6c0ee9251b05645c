import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestbedConfigError } from './errors.js';

/** Walks up from this module to the package root (works from the sources and from out/). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'resources'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** resources/testbed of the package: the shipped testbed.toml and workflow configs. */
// Agents under supervisord read these files too, and they cannot read inside app.asar: use the unpacked copy.
export const DEFAULT_TESTBED_CONFIG_DIR: string = join(packageRoot(), 'resources', 'testbed').replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');

/** The shipped testbed.toml. */
export const DEFAULT_TESTBED_FILE: string = join(DEFAULT_TESTBED_CONFIG_DIR, 'testbed.toml');

/** The files tried for a config name, in order (spec §5.4 step 1): `name`, `name.toml`, `name_default.toml`. */
export function configCandidates(name: string, dirs: readonly string[]): string[] {
  if (isAbsolute(name)) return [name, `${name}.toml`, `${name}_default.toml`];
  return dirs.flatMap((dir) => [join(dir, name), join(dir, `${name}.toml`), join(dir, `${name}_default.toml`)].map((file) => resolve(file)));
}

/**
 * Finds a config the way the orchestrator does, searching each directory in turn.
 * Throws `Config not found: <name> (tried …)` listing every path tried.
 */
export function findConfigFile(name: string, dirs: readonly string[]): string {
  if (name.trim() === '') throw new TestbedConfigError('Config not found: empty config name');
  const candidates = configCandidates(name, dirs);
  const found = candidates.find((file) => existsSync(file) && statSync(file).isFile());
  if (found) return found;
  throw new TestbedConfigError(`Config not found: ${name} (tried ${candidates.join(', ')})`);
}

/**
 * The testbed file for `testbed run [NAME]`: without a name `<dir>/testbed.toml`, otherwise the lookup
 * of {@link findConfigFile} in `dir`.
 */
export function findTestbedFile(name: string | undefined, dir: string = DEFAULT_TESTBED_CONFIG_DIR): string {
  return name === undefined ? findConfigFile('testbed.toml', [dir]) : findConfigFile(name, [dir]);
}
