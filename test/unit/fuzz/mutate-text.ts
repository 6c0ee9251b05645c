/** Seeded mutations of a config file's text: line deletions and duplications, type swaps, garbage bytes, truncation. */

const SWAPS: Array<[RegExp, string[]]> = [
  [/"[^"\n]*"/, ['1', 'true', '[1, 2]', '{ a = 1 }', '"', "''", '-inf', 'nan', '1979-05-27']],
  [/\b(true|false|yes|no)\b/, ['"true"', '0', '[]', '{}', 'null', '~']],
  [/-?\b\d+(\.\d+)?\b/, ['"7"', '-1', '1e309', '0x', 'inf', '[]', '{}', '99999999999999999999999']],
  [/:\s/, [': : ', ':\t', '=', ': [', ': {', ': &a ', ': *a ', ': !!python/object ']],
  [/=/, ['==', ' ', '= [', '= {', '= """']],
];
const GARBAGE = ['\u0000', '\uffff', '\ud800', '\t', '\r', '[', ']', '{', '}', '"', "'", '#', ':', '-', '=', '&', '*', '!', '|', '>', '%', '@', '`', '\\', '\n', '[[', '..'];

/** Applies 1–3 random mutations (driven by `rand`) to `text`; returns the text and what was done. */
export function mutateText(text: string, rand: () => number): { text: string; ops: string[] } {
  let lines = text.split('\n');
  const ops: string[] = [];
  const rounds = 1 + Math.floor(rand() * 3);
  for (let r = 0; r < rounds; r++) {
    const at = Math.floor(rand() * lines.length);
    const kind = Math.floor(rand() * 7);
    if (kind === 0) {
      lines.splice(at, 1 + Math.floor(rand() * 3));
      ops.push(`delete line ${at + 1}`);
    } else if (kind === 1) {
      lines.splice(at, 0, lines[Math.floor(rand() * lines.length)] ?? '');
      ops.push(`duplicate a line at ${at + 1}`);
    } else if (kind === 2 || kind === 3) {
      const [pattern, options] = SWAPS[Math.floor(rand() * SWAPS.length)];
      const replacement = options[Math.floor(rand() * options.length)];
      const line = lines[at] ?? '';
      if (pattern.test(line)) {
        lines[at] = line.replace(pattern, (m) => (pattern.source.startsWith(':') || pattern.source === '=' ? replacement : replacement === '' ? m : replacement));
        ops.push(`swap ${pattern.source} on line ${at + 1}`);
      }
    } else if (kind === 4) {
      const line = lines[at] ?? '';
      const col = Math.floor(rand() * (line.length + 1));
      const junk = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => GARBAGE[Math.floor(rand() * GARBAGE.length)]).join('');
      lines[at] = line.slice(0, col) + junk + line.slice(col);
      ops.push(`garbage ${JSON.stringify(junk)} on line ${at + 1}`);
    } else if (kind === 5) {
      const joined = lines.join('\n');
      lines = joined.slice(0, Math.floor(rand() * joined.length)).split('\n');
      ops.push('truncate');
    } else {
      // Indentation change (YAML structure) or a random printable byte string.
      lines[at] = rand() < 0.5 ? ` ${lines[at] ?? ''}` : (lines[at] ?? '').trimStart();
      ops.push(`reindent line ${at + 1}`);
    }
  }
  return { text: lines.join('\n'), ops };
}
