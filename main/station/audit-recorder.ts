/**
 * The audit hook the station gives its handler table: every settled request on an audited channel
 * becomes one row of the store's audit log and one `audit:entries` push.
 */
import { userInfo } from 'node:os';
import { isAuditedChannel, type AuditEntry } from '../../shared/audit.js';
import type { AuditHook } from '../ipc/handler-table.js';
import type { AuditLog } from '../store/audit-log.js';
import { auditOutcome, auditParams, auditTarget } from './audit-describe.js';

export interface AuditRecorderDeps {
  log: Pick<AuditLog, 'append'>;
  publish(entries: AuditEntry[]): void;
  /** Default: the OS user running the station. */
  user?: string;
}

/** The client an in-process caller (a test, the station itself) is recorded as. */
export const STATION_CLIENT = 'station';

/** The OS user of this process; `$USER`, then `unknown` where the passwd lookup fails (e.g. a uid without an entry in a container). */
export function stationUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.LOGNAME ?? 'unknown';
  }
}

/** Builds the handler table's audit hook over the store's audit log. */
export function createAuditRecorder(deps: AuditRecorderDeps): AuditHook {
  const user = deps.user ?? stationUser();
  return {
    audits: (channel) => isAuditedChannel(channel),
    record({ channel, request, caller, startedAt, durationMs, envelope }) {
      const entry = deps.log.append({
        time: startedAt,
        user,
        client: caller?.client ?? STATION_CLIENT,
        action: channel,
        target: auditTarget(channel, request),
        params: auditParams(request),
        ...auditOutcome(envelope, channel, request),
        durationMs,
      });
      deps.publish([entry]);
    },
  };
}
