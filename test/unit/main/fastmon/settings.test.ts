import { describe, expect, it } from 'vitest';
import { describeFastmonSettings, resolveFastmonSettings, withStationDefaults } from '../../../../main/fastmon/settings.js';

describe('fastmon settings from flags over station.toml [fastmon]', () => {
  it('lets every given flag win and fills the rest from the file', () => {
    const merged = withStationDefaults({ seed: 'flag', tfFilesPerStf: undefined }, { seed: 'file', selectionFraction: 0.4, tfFilesPerStf: 3, pollIntervalS: 2 });
    expect(resolveFastmonSettings(merged)).toMatchObject({ sampling: { seed: 'flag', selectionFraction: 0.4, tfFilesPerStf: 3 }, pollIntervalMs: 2000, mode: 'message' });
  });

  it("uses the file's watch dirs only in continuous mode, and never over --watch-dir", () => {
    const file = { watchDirs: ['/data/a', '/data/b'] };
    expect(resolveFastmonSettings(withStationDefaults({}, file)).watchDirs).toEqual([]);
    expect(resolveFastmonSettings(withStationDefaults({ mode: 'continuous' }, file)).watchDirs).toEqual(['/data/a', '/data/b']);
    expect(resolveFastmonSettings(withStationDefaults({ mode: 'continuous', watchDir: ['/x'] }, file)).watchDirs).toEqual(['/x']);
  });

  it('describes the settings in force in one line', () => {
    expect(describeFastmonSettings(resolveFastmonSettings({ seed: 's', selectionFraction: 0.25 }))).toBe(
      'sampling with seed "s", selection fraction 0.25, 7 TF files per STF, TF size fraction 0.15, 1000 TFs per STF; message mode (stf_ready)',
    );
    expect(describeFastmonSettings(resolveFastmonSettings({ mode: 'continuous', watchDir: ['/w'], pollInterval: 0.5 }))).toMatch(/; continuous mode on \/w every 0\.5 s$/);
  });
});
