import { execFileSync } from 'node:child_process';

/**
 * Where the bench runs the router relative to its clients:
 * - `separate-cores`: router pinned to one CPU, the bench (client) process to another — the router has its own core;
 * - `same-core`: both pinned to one CPU — throughput then reflects the CPU cost of router plus clients;
 * - `unpinned`: left to the scheduler (on small VMs results flip between the two cases above from run to run).
 */
export type Placement = 'separate-cores' | 'same-core' | 'unpinned';

/** The CPUs chosen for one bench run; null CPUs mean unpinned. */
export interface CpuPlan {
  placement: Placement;
  clientCpu: number | null;
  routerCpu: number | null;
}

/** CPUs `pid` may run on, from `taskset`; null where taskset is unavailable. */
export function allowedCpus(pid: number = process.pid): number[] | null {
  let output: string;
  try {
    output = execFileSync('taskset', ['-p', '-c', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
  const list = output.slice(output.lastIndexOf(':') + 1).trim();
  return list.split(',').flatMap((range) => {
    const [from, to] = range.split('-').map(Number);
    return Array.from({ length: (to ?? from) - from + 1 }, (_, i) => from + i);
  });
}

/** Pins every thread of `pid` to `cpus` (a taskset CPU list such as "0" or "0,1"). */
export function pinProcess(pid: number, cpus: string): void {
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
}

/** Picks CPUs for `placement`: the client gets the first allowed CPU, the router the last (or the same one). */
export function planCpus(placement: Placement): CpuPlan {
  const cpus = placement === 'unpinned' ? null : allowedCpus();
  if (!cpus || cpus.length === 0 || (placement === 'separate-cores' && cpus.length < 2)) return { placement: 'unpinned', clientCpu: null, routerCpu: null };
  return { placement, clientCpu: cpus[0], routerCpu: placement === 'same-core' ? cpus[0] : cpus[cpus.length - 1] };
}

/** Runs `work` with this process pinned to the plan's client CPU, restoring the previous affinity afterwards. */
export async function withClientPinned<T>(plan: CpuPlan, work: () => Promise<T>): Promise<T> {
  if (plan.clientCpu === null) return work();
  const before = allowedCpus()!.join(',');
  pinProcess(process.pid, String(plan.clientCpu));
  try {
    return await work();
  } finally {
    pinProcess(process.pid, before);
  }
}
