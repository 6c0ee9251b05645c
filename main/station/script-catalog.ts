import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { ScriptEntry } from '../../shared/smurf.js';

/** Limits that keep a huge or looping directory from stalling the handler. */
const MAX_DEPTH = 8;
const MAX_ENTRIES = 5000;

/** Names the launcher never offers: hidden files and directories, Python byte-code caches. */
function skipped(name: string): boolean {
  return name.startsWith('.') || name === '__pycache__' || name.endsWith('.pyc');
}

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * The scripts the launcher may run: regular files under the allowed directories (recursive),
 * without hidden entries and `__pycache__`; symlinks are followed only when they resolve inside
 * the same directory (no escapes, no loops). A missing directory lists nothing. Sorted by name, then dir.
 */
export async function listScripts(dirs: readonly string[]): Promise<ScriptEntry[]> {
  const entries: ScriptEntry[] = [];
  for (const given of dirs) {
    const dir = resolve(given);
    let root: string;
    try {
      root = await realpath(dir);
    } catch {
      continue;
    }
    await walk(dir, root, dir, 0, new Set([root]), entries);
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name) || a.dir.localeCompare(b.dir));
}

async function walk(dir: string, root: string, current: string, depth: number, visited: Set<string>, out: ScriptEntry[]): Promise<void> {
  let names: string[];
  try {
    names = await readdir(current);
  } catch {
    return;
  }
  for (const name of names.sort()) {
    if (out.length >= MAX_ENTRIES) return;
    if (skipped(name)) continue;
    const path = join(current, name);
    const info = await lstat(path).catch(() => null);
    if (!info) continue;
    let target = path;
    if (info.isSymbolicLink()) {
      const resolved = await realpath(path).catch(() => null);
      // A link pointing out of the allowed directory would let the launcher run anything.
      if (!resolved || !inside(root, resolved)) continue;
      target = resolved;
    }
    const real = info.isSymbolicLink() ? await stat(target).catch(() => null) : info;
    if (!real) continue;
    if (real.isDirectory()) {
      const key = await realpath(target).catch(() => null);
      if (!key || visited.has(key) || depth + 1 > MAX_DEPTH) continue;
      visited.add(key);
      await walk(dir, root, path, depth + 1, visited, out);
    } else if (real.isFile()) {
      out.push({ path, name: relative(dir, path), dir, sizeBytes: real.size, modified: real.mtimeMs / 1000 });
    }
  }
}
