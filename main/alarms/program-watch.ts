/** Alarm conditions from the testbed status: a supervisord program that exited unexpectedly, or supervisord itself gone. */
import type { TestbedProgramView, TestbedStatusView } from '../../shared/testbed.js';
import type { AlarmCondition } from './engine.js';

/**
 * EXITED with a non-zero status (supervisord's default `exitcodes=0`), FATAL (could not start) and
 * BACKOFF (restart loop). STOPPED is someone's doing and EXITED 0 an expected end.
 */
export function exitedUnexpectedly(program: TestbedProgramView): boolean {
  if (program.state === 'FATAL' || program.state === 'BACKOFF') return true;
  return program.state === 'EXITED' && program.exitStatus !== 0;
}

/** Turns each testbed:status into conditions; programs that disappear from it count as cleared. */
export class ProgramWatch {
  private readonly known = new Set<string>();
  private supervisordDown = false;

  constructor(private readonly report: (conditions: AlarmCondition[]) => void) {}

  onStatus(status: TestbedStatusView): void {
    // A status that could not ask supervisord says nothing about its programs.
    if (status.error !== null || !status.supervisor.installed) return;
    const conditions: AlarmCondition[] = [];
    // Killed or crashed and not replaced yet (the status says why): the same rule, subject "supervisord".
    const down = !status.supervisor.running && status.supervisor.message !== null;
    if (down || this.supervisordDown) {
      conditions.push({ ruleId: 'program-exited', subject: 'supervisord', holds: down, title: 'Testbed supervisord is down', detail: status.supervisor.message ?? '' });
    }
    this.supervisordDown = down;
    const seen = new Set<string>();
    for (const program of status.programs) {
      seen.add(program.name);
      this.known.add(program.name);
      const exit = program.exitStatus === null ? '' : `, exit status ${program.exitStatus}`;
      conditions.push({
        ruleId: 'program-exited',
        subject: program.name,
        holds: exitedUnexpectedly(program),
        title: `Testbed program ${program.name} ${program.state}`,
        detail: `${program.state}${exit}${program.description ? ` – ${program.description}` : ''}`,
      });
    }
    for (const name of [...this.known].filter((known) => !seen.has(known))) {
      this.known.delete(name);
      conditions.push({ ruleId: 'program-exited', subject: name, holds: false });
    }
    this.report(conditions);
  }
}
