import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../../main/store/index.js';

describe('defaultDataDir', () => {
  it('prefers $STATION_DATA_DIR, then $XDG_DATA_HOME/control-station, then ~/.local/share/control-station', () => {
    expect(defaultDataDir({ STATION_DATA_DIR: '/srv/station', XDG_DATA_HOME: '/xdg' })).toBe('/srv/station');
    expect(defaultDataDir({ XDG_DATA_HOME: '/xdg' })).toBe('/xdg/control-station');
    expect(defaultDataDir({})).toBe(`${homedir()}/.local/share/control-station`);
  });

  it('ignores a relative $XDG_DATA_HOME, as the XDG spec says', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: 'relative/dir' })).toBe(`${homedir()}/.local/share/control-station`);
  });
});
