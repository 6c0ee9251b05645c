/**
 * Scripts run in their own process group so abort can end their whole tree; the flip side is that a
 * controller killed with SIGKILL leaves its running script behind. Each script therefore carries a
 * marker in its environment naming its controller and the controller's process, and a controller
 * that starts ends every marked process whose owning process is gone.
 */
import { readFileSync } from 'node:fs';
import { listProcesses, readProcStat, ProcessTree, type TerminateOptions } from './process-tree.js';

/** Environment variable of the marker: `<controller address> <owner pid> <owner start time>`. */
export const SCRIPT_OWNER_ENV = 'STATION_SCRIPT_OWNER';

/** The marker for scripts started by this process on behalf of `controller`. */
export function ownerMarker(controller: string): string {
  return `${controller} ${process.pid} ${readProcStat(process.pid)?.startTime ?? 0}`;
}

/** Pids of processes marked as scripts of `controller` whose owner process no longer exists. */
export function findOrphanScripts(controller: string): number[] {
  const orphans: number[] = [];
  for (const stat of listProcesses()) {
    const marker = readMarker(stat.pid);
    if (!marker || marker.controller !== controller) continue;
    const owner = readProcStat(marker.ownerPid);
    // Pid and start time together: a new process that reused the owner's pid does not count as the owner.
    const ownerAlive = owner !== null && owner.startTime === marker.ownerStart && owner.state !== 'Z';
    if (!ownerAlive) orphans.push(stat.pid);
  }
  return orphans;
}

/** Ends every orphan script of `controller` with its tree; resolves with the pids that were found. */
export async function endOrphanScripts(controller: string, grace: TerminateOptions): Promise<number[]> {
  const orphans = findOrphanScripts(controller);
  await Promise.all(orphans.map((pid) => new ProcessTree(pid).terminate(grace)));
  return orphans;
}

function readMarker(pid: number): { controller: string; ownerPid: number; ownerStart: number } | null {
  let environ: string;
  try {
    environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return null; // gone, or another user's process
  }
  const entry = environ.split('\0').find((item) => item.startsWith(`${SCRIPT_OWNER_ENV}=`));
  if (!entry) return null;
  const [controller, ownerPid, ownerStart] = entry.slice(SCRIPT_OWNER_ENV.length + 1).split(' ');
  if (!controller || !Number.isInteger(Number(ownerPid))) return null;
  return { controller, ownerPid: Number(ownerPid), ownerStart: Number(ownerStart) };
}
