/**
 * Audit records for user actions that do not pass through the handler table: the `station testbed`
 * commands (client `cli`) and the MCP tools (client `mcp`). Same log, same user, same scrubbing as the
 * UI's entries; a failure to record is a warning and never the action's failure.
 */
import type { AuditLog } from '../store/audit-log.js';
import { auditParams } from './audit-describe.js';
import { stationUser } from './audit-recorder.js';

/** Where and as whom an action outside the UI is recorded. */
export interface ActionAudit {
  log: Pick<AuditLog, 'append'>;
  /** `cli`, `mcp`. */
  client: string;
  /** Default: the OS user of this process. */
  user?: string;
  warn?(message: string): void;
}

/** What was done: an action name (the UI's channel name where one exists), its target and parameters. */
export interface AuditedWhat {
  action: string;
  target: string;
  params: Record<string, unknown>;
}

/**
 * Runs `run` and appends one entry for it: ok with `summary(result)`, an error when `refusal(result)` names
 * one (a reply that says no), or the thrown error's message. Rethrows the action's error.
 */
export async function auditedAction<T>(
  audit: ActionAudit | undefined,
  what: AuditedWhat,
  run: () => Promise<T>,
  summary: (result: T) => unknown = () => null,
  refusal: (result: T) => string | null = () => null,
): Promise<T> {
  const startedAt = Date.now();
  const record = (outcome: { ok: boolean; errorCode: string | null; message: string | null; result: unknown }) => {
    if (!audit) return;
    try {
      audit.log.append({ time: startedAt, user: audit.user ?? stationUser(), client: audit.client, action: what.action, target: what.target, params: auditParams(what.params), ...outcome, durationMs: Date.now() - startedAt });
    } catch (error) {
      audit.warn?.(`audit log: ${what.action} not recorded: ${(error as Error).message}`);
    }
  };
  try {
    const result = await run();
    const refused = refusal(result);
    record({ ok: refused === null, errorCode: refused === null ? null : 'refused', message: refused, result: summary(result) ?? null });
    return result;
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    record({ ok: false, errorCode: name === 'Error' ? 'error' : name, message: error instanceof Error ? error.message : String(error), result: null });
    throw error;
  }
}
