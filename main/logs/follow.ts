/** Watching a followed file: fs.watch on its directory (sees writes, renames and re-creation) plus a polling fallback. */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Calls `onChange` when the file at `path` may have changed: on inotify events for its name and every
 * `pollMs` regardless (network filesystems and some rotations send no event). Returns the stop function.
 */
export function watchPath(path: string, onChange: () => void, pollMs = 250): () => void {
  const name = basename(path);
  let watcher: FSWatcher | null = null;
  try {
    // The directory rather than the file: a file watch stays on the old inode after a rotation.
    watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
      if (file === null || file === name) onChange();
    });
    watcher.on('error', () => {
      watcher?.close();
      watcher = null;
    });
  } catch {
    watcher = null;
  }
  const timer = setInterval(onChange, pollMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    watcher?.close();
  };
}
