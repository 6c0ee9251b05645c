/**
 * Script path restriction: `run` (and the site's op scripts) may only start regular files that lie,
 * after resolving every symlink, inside one of the allowed script directories.
 */
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

export type ScriptLookup = { ok: true; path: string } | { ok: false; reason: string };

/** True if `path` is `dir` itself or below it (both real paths). */
function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function realFile(path: string): string | null {
  try {
    const real = realpathSync(path);
    return statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

/**
 * Resolves `script` (absolute, or relative to one of `scriptDirs`, tried in order) to the real path
 * of an existing regular file inside an allowed directory; otherwise says why not.
 * `scriptDirs` must be real paths (the site config resolves them).
 */
export function findScript(script: string, scriptDirs: readonly string[]): ScriptLookup {
  const allowed = `allowed script directories: ${scriptDirs.join(', ')}`;
  if (typeof script !== 'string' || script.trim() === '') return { ok: false, reason: `the script path is empty (${allowed})` };
  if (script.includes('\0')) return { ok: false, reason: 'the script path contains a NUL character' };
  const candidates = isAbsolute(script) ? [script] : scriptDirs.map((dir) => join(dir, script));
  let outside: string | null = null;
  for (const candidate of candidates) {
    const real = realFile(candidate);
    if (real === null) continue;
    if (scriptDirs.some((dir) => isInside(real, dir))) return { ok: true, path: real };
    outside = real;
  }
  if (outside !== null) return { ok: false, reason: `script ${script} resolves to ${outside}, which is outside the ${allowed}` };
  return { ok: false, reason: `script ${script} does not exist or is not a regular file (${allowed})` };
}
