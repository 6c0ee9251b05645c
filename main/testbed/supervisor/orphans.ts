/**
 * Programs a dead supervisord left behind. SIGKILL of supervisord does not stop its children: they keep
 * running, unsupervised, and a new daemon would start a second copy of each. supervisord puts
 * `SUPERVISOR_SERVER_URL=unix://<socket>` into every program's environment (inherited by the program's
 * own children), and our socket path is unique per data directory, so /proc tells which processes are ours.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** A process started (directly or not) by the supervisord of one socket. */
export interface ProgramProcess {
  pid: number;
  /** supervisord's program name (SUPERVISOR_PROCESS_NAME); '' for a process that does not say. */
  program: string;
}

const PROCESS_NAME = 'SUPERVISOR_PROCESS_NAME=';

/** Live processes whose environment names the supervisord on `socketPath` (Linux; empty without /proc). */
export function findProgramProcesses(socketPath: string): ProgramProcess[] {
  const marker = `SUPERVISOR_SERVER_URL=unix://${socketPath}`;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const found: ProgramProcess[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environment: string[];
    try {
      // A zombie's environ reads empty: dead processes are never found.
      environment = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile, or another user's
    }
    if (!environment.includes(marker)) continue;
    const name = environment.find((variable) => variable.startsWith(PROCESS_NAME));
    found.push({ pid: Number(entry), program: name ? name.slice(PROCESS_NAME.length) : '' });
  }
  return found;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Exited meanwhile.
  }
}

/**
 * Stops every process the supervisord on `socketPath` left running: SIGTERM (the agents exit cleanly on
 * it), SIGKILL for those still there after `graceMs`. Resolves with what was found, once all are gone.
 */
export async function stopOrphanedPrograms(socketPath: string, graceMs = 5_000): Promise<ProgramProcess[]> {
  const orphans = findProgramProcesses(socketPath);
  if (orphans.length === 0) return [];
  const pids = new Set(orphans.map((orphan) => orphan.pid));
  const remaining = () => findProgramProcesses(socketPath).filter((found) => pids.has(found.pid));
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (remaining().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  for (const { pid } of remaining()) signal(pid, 'SIGKILL');
  while (remaining().length > 0 && Date.now() < deadline + 2_000) await new Promise((resolve) => setTimeout(resolve, 20));
  return orphans;
}
