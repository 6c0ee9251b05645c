/** The fastmon agent's settings from its CLI flags (`station agent fastmon …`), checked with errors naming the flag. */
import type { StationFastmonSettings } from '../config/station-config.js';
import { resolveSamplingParams, type FastmonSamplingParams } from './sampling.js';

/** How the agent learns of STFs: `stf_ready` messages, or by polling watch directories. */
export type FastmonMode = 'message' | 'continuous';

/** Seed used when --seed is not given: a fixed string, so runs are reproducible unless changed. */
export const DEFAULT_FASTMON_SEED = 'fastmon';

/** Default poll period of continuous mode, in seconds. */
export const DEFAULT_POLL_INTERVAL_S = 5;

/** The fastmon flags (commander camel-cases them); numbers already parsed by the CLI. */
export interface FastmonCliFlags {
  seed?: string;
  selectionFraction?: number;
  tfFilesPerStf?: number;
  tfSizeFraction?: number;
  tfCountPerStf?: number;
  mode?: string;
  watchDir?: string[];
  /** Seconds between directory polls (continuous mode). */
  pollInterval?: number;
}

/** Resolved settings of {@link createFastmonAgent}. */
export interface FastmonSettings {
  sampling: FastmonSamplingParams;
  mode: FastmonMode;
  /** Continuous mode only; at least one. */
  watchDirs: string[];
  pollIntervalMs: number;
}

/** Sampling key → the flag that sets it, so a sampling error names what the user typed. */
const FLAG_OF: Readonly<Record<string, string>> = {
  seed: '--seed',
  selectionFraction: '--selection-fraction',
  tfFilesPerStf: '--tf-files-per-stf',
  tfSizeFraction: '--tf-size-fraction',
  tfCountPerStf: '--tf-count-per-stf',
};

/**
 * The flags over station.toml's `[fastmon]` (flags win). The file's watch dirs serve only continuous mode,
 * so a file written for a watcher does not break message mode.
 */
export function withStationDefaults(flags: FastmonCliFlags, file: StationFastmonSettings): FastmonCliFlags {
  const { watchDirs, pollIntervalS, ...sampling } = file;
  const given = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined)) as FastmonCliFlags;
  const merged: FastmonCliFlags = { pollInterval: pollIntervalS, ...sampling, ...given };
  if (merged.mode === 'continuous' && merged.watchDir === undefined && watchDirs?.length) merged.watchDir = [...watchDirs];
  return merged;
}

/** Checks `flags` and fills in the defaults; throws an Error naming the offending flag. */
export function resolveFastmonSettings(flags: FastmonCliFlags = {}): FastmonSettings {
  const mode = flags.mode ?? 'message';
  if (mode !== 'message' && mode !== 'continuous') throw new Error(`--mode must be "message" or "continuous", got "${mode}"`);
  const watchDirs = flags.watchDir ?? [];
  if (mode === 'continuous' && watchDirs.length === 0) throw new Error('--mode continuous needs at least one --watch-dir D');
  if (mode === 'message' && watchDirs.length > 0) throw new Error('--watch-dir is only used with --mode continuous');
  const pollInterval = flags.pollInterval ?? DEFAULT_POLL_INTERVAL_S;
  if (!Number.isFinite(pollInterval) || pollInterval <= 0) throw new Error(`--poll-interval must be a number of seconds > 0, got ${String(pollInterval)}`);

  const overrides: Partial<FastmonSamplingParams> = {};
  for (const key of ['selectionFraction', 'tfFilesPerStf', 'tfSizeFraction', 'tfCountPerStf'] as const) {
    if (flags[key] !== undefined) overrides[key] = flags[key];
  }
  let sampling: FastmonSamplingParams;
  try {
    sampling = resolveSamplingParams({ ...overrides, seed: flags.seed ?? DEFAULT_FASTMON_SEED });
  } catch (error) {
    const message = (error as Error).message;
    const key = /fastmon sampling: (\w+) /.exec(message)?.[1];
    throw new Error(key && FLAG_OF[key] ? message.replace(`fastmon sampling: ${key}`, FLAG_OF[key]) : message);
  }
  return { sampling, mode, watchDirs, pollIntervalMs: Math.round(pollInterval * 1000) };
}

/** One line naming the settings in force (logged at start, so the store shows what a run was sampled with). */
export function describeFastmonSettings(settings: FastmonSettings): string {
  const p = settings.sampling;
  const source = settings.mode === 'continuous' ? `continuous mode on ${settings.watchDirs.join(', ')} every ${settings.pollIntervalMs / 1000} s` : 'message mode (stf_ready)';
  return `sampling with seed "${p.seed}", selection fraction ${p.selectionFraction}, ${p.tfFilesPerStf} TF files per STF, TF size fraction ${p.tfSizeFraction}, ${p.tfCountPerStf} TFs per STF; ${source}`;
}
