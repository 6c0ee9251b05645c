/**
 * The packaged app's own command-line options (`control-station --site-file F [--site-host H]`), read from
 * Electron's argv, which also holds the binary, the app path and Chromium's switches: only these two
 * options are taken, anything else is left to Electron.
 */
export interface LaunchArgs {
  siteFile?: string;
  siteHost?: string;
}

const OPTIONS: Readonly<Record<string, keyof LaunchArgs>> = { '--site-file': 'siteFile', '--site-host': 'siteHost' };

/** Reads `--site-file F` / `--site-file=F` and `--site-host H`; throws naming the option when its value is missing. */
export function parseLaunchArgs(argv: readonly string[]): LaunchArgs {
  const args: LaunchArgs = {};
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const key = OPTIONS[flag];
    if (!key) continue;
    const value = inline ?? argv[i + 1];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) throw new Error(`${flag} needs a value`);
    if (inline === undefined) i += 1;
    args[key] = value;
  }
  return args;
}
