/** Process liveness by pid, shared by everything that supervises or cleans up after processes. */

/** True if a process with this pid exists; signal 0 probes without signalling, and EPERM means it exists but is not ours. */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
