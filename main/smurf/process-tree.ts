/**
 * A script's process tree on Linux, found through /proc: the script's own process group plus every
 * descendant (a grandchild that called setsid leaves the group but is still found through its parent,
 * and is remembered once seen, even after it is reparented to init). Used by abort to end the whole
 * tree: SIGINT, then SIGTERM, then SIGKILL, until no member is left.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** The fields of /proc/<pid>/stat the tree needs. */
export interface ProcStat {
  pid: number;
  ppid: number;
  pgrp: number;
  state: string;
  /** Clock ticks since boot: with the pid, identifies a process across pid reuse. */
  startTime: number;
}

/** Reads /proc/<pid>/stat, or null when the process does not exist (or cannot be read). */
export function readProcStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name is in parentheses and may itself contain spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, state: fields[0], ppid: Number(fields[1]), pgrp: Number(fields[2]), startTime: Number(fields[19]) };
}

/** Every process currently visible in /proc. */
export function listProcesses(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProcStat(Number(name));
    if (stat) stats.push(stat);
  }
  return stats;
}

/** True while `pid` is the process first seen with `startTime` and not a zombie. */
export function isAlive(pid: number, startTime: number): boolean {
  const stat = readProcStat(pid);
  return stat !== null && stat.startTime === startTime && stat.state !== 'Z' && stat.state !== 'X';
}

export interface TerminateOptions {
  /** How long the tree may take to end after SIGINT before SIGTERM follows. */
  sigintGraceMs: number;
  /** How long after SIGTERM before SIGKILL. */
  sigtermGraceMs: number;
  /** How long to wait for the kernel to remove SIGKILLed processes. Default 2000 ms. */
  killWaitMs?: number;
  /** Poll interval while waiting. Default 20 ms. */
  pollMs?: number;
}

export interface TerminateResult {
  /** True when no member of the tree is left. */
  gone: boolean;
  /** Signals that had to be sent, in order (e.g. ['SIGINT'] when the scripts honoured SIGINT). */
  signals: NodeJS.Signals[];
  /** Pids of the tree seen during the termination. */
  members: number[];
  elapsedMs: number;
}

/** The process tree rooted at a detached child (its pid is also its process group id). */
export class ProcessTree {
  /** pid → start time of every member ever seen. */
  private readonly members = new Map<number, number>();

  constructor(readonly rootPid: number) {
    const root = readProcStat(rootPid);
    if (root) this.members.set(rootPid, root.startTime);
  }

  /** Re-scans /proc: adds the group's members and the descendants of every known live member. */
  refresh(): void {
    const all = listProcesses();
    const children = new Map<number, ProcStat[]>();
    for (const stat of all) {
      if (stat.pgrp === this.rootPid && !this.members.has(stat.pid)) this.members.set(stat.pid, stat.startTime);
      const siblings = children.get(stat.ppid);
      if (siblings) siblings.push(stat);
      else children.set(stat.ppid, [stat]);
    }
    const queue = [...this.members.keys()].filter((pid) => isAlive(pid, this.members.get(pid)!));
    while (queue.length > 0) {
      for (const child of children.get(queue.pop()!) ?? []) {
        if (this.members.get(child.pid) === child.startTime) continue;
        this.members.set(child.pid, child.startTime);
        queue.push(child.pid);
      }
    }
  }

  /** Pids of members still running. */
  alive(): number[] {
    return [...this.members].filter(([pid, start]) => isAlive(pid, start)).map(([pid]) => pid);
  }

  /** Sends `signal` to the process group and to each live member outside it (setsid ones), once per process. */
  signal(signal: NodeJS.Signals): void {
    trySignal(-this.rootPid, signal);
    // A second SIGINT would interrupt a script's own clean-up: members of the group got it already.
    for (const pid of this.alive()) if (readProcStat(pid)?.pgrp !== this.rootPid) trySignal(pid, signal);
  }

  /** Ends the tree: SIGINT, wait, SIGTERM, wait, SIGKILL, wait; re-scanning for new members at each step. */
  async terminate(options: TerminateOptions): Promise<TerminateResult> {
    const started = Date.now();
    const signals: NodeJS.Signals[] = [];
    const steps: Array<[NodeJS.Signals, number]> = [
      ['SIGINT', options.sigintGraceMs],
      ['SIGTERM', options.sigtermGraceMs],
      ['SIGKILL', options.killWaitMs ?? 2000],
    ];
    let gone = false;
    for (const [signal, waitMs] of steps) {
      this.refresh();
      if (this.alive().length === 0) {
        gone = true;
        break;
      }
      this.signal(signal);
      signals.push(signal);
      gone = await this.waitGone(waitMs, options.pollMs ?? 20);
      if (gone) break;
    }
    return { gone, signals, members: [...this.members.keys()], elapsedMs: Date.now() - started };
  }

  /** Polls until no member is alive (new descendants are picked up on the way) or `timeoutMs` passes. */
  private async waitGone(timeoutMs: number, pollMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.refresh();
      if (this.alive().length === 0) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
}

// ESRCH (already gone) and EPERM (not ours) are both fine to ignore here: alive() decides.
function trySignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    /* gone or not ours */
  }
}
