import { describe, expect, it } from 'vitest';
import { parseLaunchArgs } from '../../../../main/electron/launch-args.js';

describe('parseLaunchArgs (the packaged app\'s options)', () => {
  it('takes --site-file and --site-host, spaced or with =, and ignores Electron and Chromium arguments', () => {
    expect(parseLaunchArgs(['/opt/Control Station/control-station', '--no-sandbox', '--site-file', '/etc/ocs/site.yaml', '--site-host=ctl1'])).toEqual({ siteFile: '/etc/ocs/site.yaml', siteHost: 'ctl1' });
    expect(parseLaunchArgs(['electron', '/app', '--inspect=0'])).toEqual({});
  });

  it('refuses an option without its value, naming it', () => {
    expect(() => parseLaunchArgs(['app', '--site-file'])).toThrow('--site-file needs a value');
    expect(() => parseLaunchArgs(['app', '--site-file', '--site-host', 'x'])).toThrow('--site-file needs a value');
    expect(() => parseLaunchArgs(['app', '--site-host='])).toThrow('--site-host needs a value');
  });
});
