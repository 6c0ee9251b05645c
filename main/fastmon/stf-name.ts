/** STF file-name helpers for the fastmon agent. */

const RUN_PATTERNS: readonly RegExp[] = [
  /swf\.(\d+)\.(\d+)\.stf/i, // testbed names swf.<run>.<seq:06d>.stf; run is the first group
  /run_(\d+)/i,
  /run(\d+)/i,
  /r(\d+)/i,
];

/** Last path component, accepting both `/` and `\` separators. */
function baseName(name: string): string {
  const parts = name.split(/[\\/]/);
  return parts[parts.length - 1];
}

/** True when `name` ends with `.stf` or `.STF`. */
export function isStfName(name: string): boolean {
  return /\.(stf|STF)$/.test(name);
}

/** Basename of `name` without its `.stf`/`.STF` extension (unchanged when it has none). */
export function stfBaseName(name: string): string {
  return baseName(name).replace(/\.(stf|STF)$/, '');
}

/**
 * Run number encoded in an STF name, trying on the basename, in order, `swf.<run>.<seq>.stf`,
 * `run_<n>`, `run<n>`, `r<n>` (case-insensitive). Null when none matches — the caller reports
 * an unparsable name (upstream silently defaulted to run 1).
 */
export function runNumberFromStfName(name: string): number | null {
  const base = baseName(name);
  for (const pattern of RUN_PATTERNS) {
    const m = pattern.exec(base);
    if (m === null) continue;
    const run = Number(m[1]);
    // Digit strings too long for an exact double are not a usable run number.
    return Number.isSafeInteger(run) ? run : null;
  }
  return null;
}
