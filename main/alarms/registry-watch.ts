/**
 * Alarm conditions from the registry rows (the station's heartbeat view): agent expired, a process that
 * left RUNNING, a task that FAILED, and a MultiSmurfManager fan-out that ended with failed targets.
 * Op codes do not say whether an op is a task or a process, so that is asked (once per agent) of get_api.
 */
import type { AgentRow } from '../../shared/ipc.js';
import { OpCode } from '../../shared/ocs-codes.js';
import type { AlarmCondition } from './engine.js';

export type OpKind = 'task' | 'process';

export interface RegistryWatchPorts {
  /** The agent's ops by kind (from get_api); rejects when the agent cannot be asked. */
  opKinds(address: string): Promise<Map<string, OpKind>>;
  /** The op's latest session (`op:status`), for a fan-out's session.data. */
  session(address: string, op: string): Promise<{ data: Record<string, unknown>; message: string } | null>;
  report(conditions: AlarmCondition[]): void;
  warn?(message: string): void;
}

/** The manager's agent class: its ops' session.data carries `succeeded` and `failed` per target. */
export const FANOUT_AGENT_CLASS = 'MultiSmurfManager';

const ACTIVE_CODES = new Set<number>([OpCode.STARTING, OpCode.RUNNING]);
const ENDED_CODES = new Set<number>([OpCode.SUCCEEDED, OpCode.FAILED]);
const CODE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(OpCode).map(([name, code]) => [code, name]));

export class RegistryWatch {
  private readonly codes = new Map<string, Record<string, number>>();
  /** Processes seen running (address → op names): leaving RUNNING counts only after that. */
  private readonly wasRunning = new Map<string, Set<string>>();
  private readonly kinds = new Map<string, Promise<Map<string, OpKind>>>();

  /** `address op` → until when a stop of that process is the user's own (op:stop/op:abort from the station), not an alarm. */
  private readonly expectedStops = new Map<string, number>();

  constructor(private readonly ports: RegistryWatchPorts) {}

  /** A user stopped or aborted `op`: the process leaving RUNNING within `forMs` is what they asked for. */
  expectStop(address: string, op: string, now: number, forMs = 60_000): void {
    this.expectedStops.set(`${address} ${op}`, now + forMs);
  }

  /** Rows that changed (the registry:rows push). */
  onRows(rows: readonly AgentRow[]): void {
    for (const row of rows) this.onRow(row);
  }

  private onRow(row: AgentRow): void {
    const previous = this.codes.get(row.address) ?? {};
    this.codes.set(row.address, { ...row.opCodes });
    this.ports.report([
      {
        ruleId: 'agent-expired',
        subject: row.address,
        holds: row.expired,
        title: `Agent ${row.address} expired`,
        detail: row.timeExpired ? `no heartbeat since ${new Date(row.lastHeartbeat * 1000).toISOString()}${row.agentClass ? ` (${row.agentClass})` : ''}` : '',
      },
    ]);
    // Expired rows carry code 7 for every op: that is the expiry's alarm, not the ops'.
    if (row.expired) return;
    const running = this.wasRunning.get(row.address) ?? new Set<string>();
    this.wasRunning.set(row.address, running);
    const interesting: string[] = [];
    for (const [op, code] of Object.entries(row.opCodes)) {
      if (code === OpCode.RUNNING) running.add(op);
      if (code === previous[op] && code !== OpCode.FAILED) continue;
      if (code === OpCode.FAILED || ACTIVE_CODES.has(code) || running.has(op) || ENDED_CODES.has(code)) interesting.push(op);
    }
    if (interesting.length > 0) void this.classify(row, previous, interesting, running);
  }

  private async classify(row: AgentRow, previous: Record<string, number>, ops: string[], running: Set<string>): Promise<void> {
    let kinds: Map<string, OpKind>;
    try {
      kinds = await this.opKinds(row.address);
    } catch {
      // Unknown kinds: FAILED still counts as a failed task; a process that stops is not recognised.
      kinds = new Map();
    }
    const conditions: AlarmCondition[] = [];
    for (const op of ops) {
      const code = row.opCodes[op];
      const subject = `${row.address} ${op}`;
      const codeName = CODE_NAMES[code] ?? String(code);
      if (kinds.get(op) === 'process') {
        const asked = (this.expectedStops.get(subject) ?? 0) >= Date.now();
        const leftRunning = running.has(op) && !ACTIVE_CODES.has(code);
        // The stop the user asked for happened: the next one is unexpected again.
        if (leftRunning && asked) this.expectedStops.delete(subject);
        const stopped = code === OpCode.FAILED || (leftRunning && !asked);
        conditions.push({ ruleId: 'process-stopped', subject, holds: stopped, title: `Process ${op} of ${row.address} is not running`, detail: `op code ${codeName}` });
        continue;
      }
      if (code !== previous[op] || code === OpCode.FAILED) {
        conditions.push({ ruleId: 'task-failed', subject, holds: code === OpCode.FAILED, title: `Task ${op} of ${row.address} FAILED`, detail: `op code ${codeName}` });
      }
      if (row.agentClass === FANOUT_AGENT_CLASS && code !== previous[op]) conditions.push(...(await this.fanout(row.address, op, code)));
    }
    this.ports.report(conditions);
  }

  /** A fan-out that ended: holds when its session.data names failed targets; a new run clears it. */
  private async fanout(address: string, op: string, code: number): Promise<AlarmCondition[]> {
    const subject = `${address} ${op}`;
    if (ACTIVE_CODES.has(code)) return [{ ruleId: 'fanout-partial', subject, holds: false }];
    if (!ENDED_CODES.has(code)) return [];
    try {
      const session = await this.ports.session(address, op);
      const failed = session?.data.failed;
      const succeeded = Array.isArray(session?.data.succeeded) ? (session.data.succeeded as unknown[]).map(String) : [];
      if (typeof failed !== 'object' || failed === null || Object.keys(failed).length === 0) return [{ ruleId: 'fanout-partial', subject, holds: false }];
      const list = Object.entries(failed as Record<string, unknown>).map(([target, reason]) => `${target} (${String(reason)})`);
      return [
        {
          ruleId: 'fanout-partial',
          subject,
          holds: true,
          title: `Fan-out ${op}: ${list.length} target(s) failed`,
          detail: `failed: ${list.join(', ')}${succeeded.length ? `; succeeded: ${succeeded.join(', ')}` : ''}${session?.message ? ` – ${session.message}` : ''}`,
        },
      ];
    } catch (error) {
      this.ports.warn?.(`alarms: cannot read ${subject}'s session: ${(error as Error).message}`);
      return [];
    }
  }

  /** Op kinds per agent, asked once (again after a failure, or when an op is not in the answer). */
  private async opKinds(address: string): Promise<Map<string, OpKind>> {
    let pending = this.kinds.get(address);
    if (!pending) {
      pending = this.ports.opKinds(address);
      this.kinds.set(address, pending);
      pending.catch(() => this.kinds.delete(address));
    }
    return pending;
  }

  /** Forgets what was learned (the station moved to another bus). */
  clear(): void {
    this.codes.clear();
    this.wasRunning.clear();
    this.kinds.clear();
  }
}
