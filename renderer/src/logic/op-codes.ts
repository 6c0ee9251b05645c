/** Names and CSS tones of OCS op codes for the grid's chips. */
import { OpCode } from '../../../shared/ocs-codes.js';

const NAMES: Record<number, string> = Object.fromEntries(Object.entries(OpCode).map(([name, code]) => [code, name]));

/** `RUNNING` for 3; `CODE 42` for codes OCS does not define. */
export function opCodeName(code: number): string {
  return NAMES[code] ?? `CODE ${code}`;
}

/** CSS modifier for a chip: `chip--running`, …, `chip--unknown`. */
export function opCodeClass(code: number): string {
  return `chip--${(NAMES[code] ?? 'unknown').toLowerCase()}`;
}
