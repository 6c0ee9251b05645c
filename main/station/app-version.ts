import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/**
 * The app's version from the nearest package.json named "control-station" above this module
 * (out/main/station/ for the CLI, out/electron/main/ for the Electron bundle, main/station/ under tsx).
 */
export function appVersion(): string {
  if (cached !== null) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'control-station' && typeof manifest.version === 'string') return (cached = manifest.version);
    } catch {
      // No (readable) package.json here: keep walking up.
    }
    dir = dirname(dir);
  }
  return (cached = '0.0.0-unknown');
}
