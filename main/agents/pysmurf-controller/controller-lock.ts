/**
 * The controller's single lock (upstream TimeoutLock acquired with timeout 0): one locked op at a
 * time, and a refused op learns which job holds it.
 */
export class ControllerLock {
  private holder: string | null = null;

  /** The job holding the lock, or null. */
  get job(): string | null {
    return this.holder;
  }

  /** Takes the lock for `job` if it is free; never waits. */
  tryAcquire(job: string): boolean {
    if (this.holder !== null) return false;
    this.holder = job;
    return true;
  }

  /** Frees the lock (only the current holder's release counts). */
  release(job: string): void {
    if (this.holder === job) this.holder = null;
  }
}

/** Refusal text of `run` and `tune_squids` while another job holds the lock (upstream text). */
export function scriptBusyMessage(job: string): string {
  return `The requested script cannot be run because script ${job} is already running`;
}

/** Refusal text of every other locked op (upstream text). */
export function opBusyMessage(job: string): string {
  return `Operation failed: ${job} is running.`;
}
