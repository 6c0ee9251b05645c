/**
 * autobahn-js prints every connection close ("connection closed …", "auto-reconnect disabled!")
 * with console.warn, although closing is routine for us: WampConnection reports joins, losses and
 * retries through the agent's own logger. Its log module is looked up at call time, so replacing
 * its `warn` mutes those two lines and keeps every other autobahn warning.
 */
import { createRequire } from 'node:module';

const ROUTINE = new Set(['connection closed', 'auto-reconnect disabled!']);

let installed = false;

/** Mutes autobahn-js's routine connection-close warnings (idempotent). */
export function muteRoutineAutobahnWarnings(): void {
  if (installed) return;
  installed = true;
  const log = createRequire(import.meta.url)('autobahn/lib/log.js') as { warn: (...args: unknown[]) => void };
  const original = log.warn;
  log.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && ROUTINE.has(args[0])) return;
    original(...args);
  };
}
