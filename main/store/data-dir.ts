import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The station's user data directory in headless mode: `$STATION_DATA_DIR`, else
 * `$XDG_DATA_HOME/control-station`, else `~/.local/share/control-station` (the XDG default).
 * Electron passes `app.getPath('userData')` instead.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STATION_DATA_DIR) return env.STATION_DATA_DIR;
  // The XDG spec says relative values are invalid and must be ignored.
  if (env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/')) return join(env.XDG_DATA_HOME, 'control-station');
  return join(homedir(), '.local', 'share', 'control-station');
}
