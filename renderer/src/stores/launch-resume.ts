/**
 * A page that opens the Scripts view while the MultiSmurfManager's `run` is going (the page was
 * reloaded mid-run, or another operator launched it) shows that launch with its live output and
 * Abort, as the page that started it does.
 */
import { useLaunchStore } from './manager-op-store.js';
import { useScriptRunsStore } from './script-runs-store.js';

export async function resumeRunningLaunch(): Promise<void> {
  const startedAt = await useLaunchStore.getState().resume('run');
  if (startedAt !== null) await useScriptRunsStore.getState().markLaunchSince(startedAt);
}
