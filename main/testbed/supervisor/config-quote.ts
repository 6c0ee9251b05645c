/**
 * Quoting for values written into a supervisord config. supervisord reads a value through three layers,
 * each of which can change its meaning: Python's configparser (strips surrounding whitespace, cuts an
 * inline comment at " ;" or " #"), supervisord's `%` expansion (`%(here)s`, `%%`), and then shlex
 * (posix `shlex.split` for `command`, non-posix `shlex.shlex` for `environment`). These helpers encode a
 * value so all three hand it back unchanged, or throw SupervisorConfigError when no encoding exists.
 */
import { SupervisorConfigError } from './errors.js';

// Characters that pass through configparser, % expansion (after doubling) and shlex untouched.
const SAFE_ARG = /^[A-Za-z0-9_\-./:=@,+%]+$/;
const FORBIDDEN = /[\n\r\0]/;

function rejectForbidden(value: string, what: string): void {
  if (FORBIDDEN.test(value)) throw new SupervisorConfigError(`${what} contains a newline or NUL, which a supervisord config cannot hold: ${JSON.stringify(value)}`);
  // supervisord substitutes %(here)s textually before % expansion, so even a doubled %% would not survive.
  if (value.includes('%(here)s')) throw new SupervisorConfigError(`${what} contains "%(here)s", which supervisord always substitutes: ${JSON.stringify(value)}`);
}

/** Doubles `%` so supervisord's `%(name)s` expansion leaves the text as it is. */
export function escapePercent(value: string): string {
  return value.replaceAll('%', '%%');
}

/**
 * Quotes one argv element for `command=` (posix shlex after % expansion). Every unsafe character is
 * backslash-escaped, so no whitespace ever directly precedes a `;`/`#` (configparser's inline comment)
 * and a trailing space is protected by an empty `''` (configparser strips trailing whitespace).
 */
export function quoteCommandArg(arg: string, what = 'command argument'): string {
  rejectForbidden(arg, what);
  if (arg === '') return "''";
  if (SAFE_ARG.test(arg)) return escapePercent(arg);
  let out = '';
  for (const ch of arg) out += ch === '%' ? '%%' : SAFE_ARG.test(ch) ? ch : `\\${ch}`;
  return /\s$/u.test(arg) ? `${out}''` : out;
}

/** Turns an argv array into a `command=` value that supervisord splits back into exactly that argv. */
export function quoteCommand(argv: readonly string[], program: string): string {
  if (argv.length === 0 || argv[0] === '') throw new SupervisorConfigError(`program "${program}": command is empty`);
  return argv.map((a, i) => quoteCommandArg(a, `program "${program}" command argument ${i}`)).join(' ');
}

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Encodes `environment=KEY="value",...`. supervisord parses it with non-posix shlex (quotes kept, no
 * escapes) and then strips every leading/trailing quote character, so some values have no encoding:
 * those are rejected with the reason.
 */
export function quoteEnvironment(env: Readonly<Record<string, string>>, program: string): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const what = `program "${program}" environment ${key}`;
    if (!ENV_KEY.test(key)) throw new SupervisorConfigError(`${what}: the name must be letters, digits and _ and not start with a digit`);
    rejectForbidden(value, what);
    if (/^['"]|['"]$/.test(value)) throw new SupervisorConfigError(`${what}: supervisord strips quotes at the start or end of a value; pass it as a command argument instead`);
    if (/\s[;#]/.test(value)) throw new SupervisorConfigError(`${what}: a space followed by ";" or "#" starts a comment in a supervisord config; pass it as a command argument instead`);
    const quote = value.includes('"') ? "'" : '"';
    if (value.includes(quote)) throw new SupervisorConfigError(`${what}: a value cannot contain both ' and " in a supervisord config; pass it as a command argument instead`);
    pairs.push(`${key}=${quote}${escapePercent(value)}${quote}`);
  }
  return pairs.join(',');
}

/**
 * Checks a plain value (a path) that supervisord takes verbatim after stripping and % expansion; returns it
 * escaped for `expansions` rounds of expansion (a program's stdout_logfile is expanded twice).
 */
export function plainValue(value: string, what: string, expansions = 1): string {
  rejectForbidden(value, what);
  if (value !== value.trim()) throw new SupervisorConfigError(`${what} starts or ends with whitespace, which supervisord would strip: ${JSON.stringify(value)}`);
  if (/\s[;#]/.test(value)) throw new SupervisorConfigError(`${what} contains a space followed by ";" or "#", which supervisord reads as a comment: ${JSON.stringify(value)}`);
  let escaped = value;
  for (let i = 0; i < expansions; i++) escaped = escapePercent(escaped);
  return escaped;
}
