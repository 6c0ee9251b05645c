import { join } from 'node:path';

/** Where the desktop app finds its built pieces, from Electron's app path (the project root, or the asar when packaged). */
export function appPaths(appPath: string, userDataPath: string): { rendererDir: string; preload: string; icon: string; windowStateFile: string } {
  return {
    rendererDir: join(appPath, 'out', 'renderer'),
    preload: join(appPath, 'out', 'electron', 'preload', 'index.js'),
    icon: join(appPath, 'resources', 'icon.png'),
    windowStateFile: join(userDataPath, 'window-state.json'),
  };
}
