/** Finds and checks the testbed config of a `run` (spec §5.4 steps 1–2) before anything is started. */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { TestbedConfigError, findConfigFile, loadTestbedConfig, resolveWorkflow, type ResolvedWorkflow, type TestbedConfig } from '../config/index.js';

/** A loaded testbed config and its merged workflow. */
export interface CheckedConfig {
  config: TestbedConfig;
  workflow: ResolvedWorkflow;
}

/**
 * `name` undefined → the first `testbed.toml` of `dirs`; a path → that file; otherwise name, name.toml,
 * name_default.toml in each dir. Loads it and merges the workflow with `params`; every problem is one
 * TestbedConfigError (`Config not found: …`, `file:line: …`).
 */
export function checkConfig(name: string | undefined, params: Readonly<Record<string, unknown>>, dirs: readonly string[]): CheckedConfig {
  const file = locate(name, dirs);
  const config = loadTestbedConfig(file);
  const workflow = resolveWorkflow(config, params, { configDirs: [...new Set([...dirs, ...dirsOf(file)])] });
  return { config, workflow };
}

function locate(name: string | undefined, dirs: readonly string[]): string {
  if (name === undefined) {
    const found = dirs.map((dir) => join(dir, 'testbed.toml')).find((file) => existsSync(file));
    if (!found) throw new TestbedConfigError(`Config not found: testbed.toml (tried ${dirs.map((d) => join(d, 'testbed.toml')).join(', ')})`);
    return found;
  }
  return isAbsolute(name) || name.includes('/') ? findConfigFile(name, ['.']) : findConfigFile(name, dirs);
}

function dirsOf(file: string): string[] {
  const slash = file.lastIndexOf('/');
  return slash > 0 ? [file.slice(0, slash)] : [];
}
