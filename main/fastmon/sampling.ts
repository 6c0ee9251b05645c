/** Seeded, reproducible STF selection and TF subsampling for the fastmon agent. */
import { prngFor } from './prng.js';
import { stfBaseName } from './stf-name.js';
import type { NewTfFile } from '../store/index.js';

/** Sampling parameters of the fastmon agent. */
export interface FastmonSamplingParams {
  /** Seed of every random choice; same seed + same STF name → same decisions and samples. */
  seed: string | number;
  /** Fraction of STFs selected for sampling, in [0, 1]. */
  selectionFraction: number;
  /** TF subsamples (files) produced per selected STF; whole number ≥ 1. */
  tfFilesPerStf: number;
  /** Mean fraction of each partition taken as a subsample, in [0, 1]. */
  tfSizeFraction: number;
  /** TFs per STF when the STF does not say; whole number ≥ 1. */
  tfCountPerStf: number;
  /** Sequence number of the first subsample of an STF; whole number ≥ 0. */
  tfSequenceStart: number;
}

/** Defaults of every parameter but the seed, which the caller must always choose. */
export const DEFAULT_SAMPLING: Readonly<Omit<FastmonSamplingParams, 'seed'>> = Object.freeze({
  selectionFraction: 0.1,
  tfFilesPerStf: 7,
  tfSizeFraction: 0.15,
  tfCountPerStf: 1000,
  tfSequenceStart: 1,
});

function fail(key: string, rule: string, value: unknown): never {
  throw new Error(`fastmon sampling: ${key} must be ${rule}, got ${String(value)}`);
}

/** Throws an Error naming the offending key and value when `p` is not a valid parameter set. */
export function checkSamplingParams(p: FastmonSamplingParams): void {
  if (typeof p.seed === 'number' ? !Number.isFinite(p.seed) : typeof p.seed !== 'string') fail('seed', 'a string or finite number', p.seed);
  for (const key of ['selectionFraction', 'tfSizeFraction'] as const) {
    const v = p[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) fail(key, 'a fraction in [0, 1]', v);
  }
  for (const key of ['tfFilesPerStf', 'tfCountPerStf'] as const) {
    const v = p[key];
    if (!Number.isInteger(v) || v < 1) fail(key, 'a whole number ≥ 1', v);
  }
  if (!Number.isInteger(p.tfSequenceStart) || p.tfSequenceStart < 0) fail('tfSequenceStart', 'a whole number ≥ 0', p.tfSequenceStart);
}

/** Defaults overlaid with `overrides`, checked. */
export function resolveSamplingParams(overrides: Partial<FastmonSamplingParams> & Pick<FastmonSamplingParams, 'seed'>): FastmonSamplingParams {
  const p: FastmonSamplingParams = { ...DEFAULT_SAMPLING, ...overrides };
  checkSamplingParams(p);
  return p;
}

/**
 * Reproducible per-STF choice: selected iff prngFor(seed, 'select:' + basename).uniform() < selectionFraction,
 * so fraction 1 selects every STF and 0 none. Only the basename counts, not the directory.
 */
export function isSelected(params: FastmonSamplingParams, stfName: string): boolean {
  return prngFor(params.seed, `select:${stfBaseName(stfName)}`).uniform() < params.selectionFraction;
}

/** Why an STF is or is not sampled. */
export type SamplingReason = 'selected' | 'first-of-run' | 'not-selected';

/** Outcome of {@link decideSampling}. */
export interface SamplingDecision {
  sample: boolean;
  reason: SamplingReason;
}

/**
 * Decides whether to sample an STF, guaranteeing at least one sample per run: an STF arriving while its
 * run has no sample yet is always sampled ('first-of-run'); otherwise the seeded choice of {@link isSelected}.
 * An STF the seeded choice takes anyway is reported as 'selected', even when it is also first of its run.
 */
export function decideSampling(params: FastmonSamplingParams, stfName: string, state: { runHasSample: boolean }): SamplingDecision {
  if (isSelected(params, stfName)) return { sample: true, reason: 'selected' };
  if (!state.runHasSample) return { sample: true, reason: 'first-of-run' };
  return { sample: false, reason: 'not-selected' };
}

/** Remembers which runs already have a sample, feeding {@link decideSampling}. */
export class RunSampleLedger {
  private readonly sampledRuns = new Set<number>();

  /** Decides for `stfName` of run `run`, and records the run as sampled when it is. */
  decide(params: FastmonSamplingParams, stfName: string, run: number): SamplingDecision {
    const decision = decideSampling(params, stfName, { runHasSample: this.sampledRuns.has(run) });
    if (decision.sample) this.sampledRuns.add(run);
    return decision;
  }

  /** True once some STF of `run` has been sampled. */
  hasSample(run: number): boolean {
    return this.sampledRuns.has(run);
  }

  /** Forgets `run` (e.g. when it ends). */
  forget(run: number): void {
    this.sampledRuns.delete(run);
  }
}

/** One simulated TF subsample of an STF: a store TF row without its metadata (`<stf basename>_tf_<seq:03d>.tf`, inclusive 0-based TF range, bytes pro rata when the STF size is known). */
export type TfSample = Omit<NewTfFile, 'metadata'>;

/**
 * Simulates the TF subsamples of one STF, seeded by prngFor(seed, 'tf:' + basename). The STF's TFs
 * [0, tf_count-1] are cut into N = tfFilesPerStf partitions of floor(tf_count / N) TFs, the last absorbing
 * the remainder; each yields one contiguous subsample of about tfSizeFraction of it (gaussian, sd 10 %),
 * at a random offset inside the partition. When tf_count < N only tf_count partitions of one TF are made,
 * so no partition is ever empty; tf_count 0 gives no samples.
 */
export function simulateTfSubsamples(
  params: FastmonSamplingParams,
  stf: { filename: string; tfCount?: number | null; sizeBytes?: number | null },
): TfSample[] {
  checkSamplingParams(params);
  // Unlike upstream's `or`, an explicit 0 means an empty STF rather than "use the default".
  const tfCount = stf.tfCount ?? params.tfCountPerStf;
  if (!Number.isInteger(tfCount) || tfCount < 0) fail('tfCount', 'a whole number ≥ 0', tfCount);
  const stfBytes = stf.sizeBytes ?? null;
  if (stfBytes !== null && (!Number.isFinite(stfBytes) || stfBytes < 0)) fail('sizeBytes', 'a finite number ≥ 0', stfBytes);

  const base = stfBaseName(stf.filename);
  const rng = prngFor(params.seed, `tf:${base}`);
  const n = Math.min(params.tfFilesPerStf, tfCount);
  const samples: TfSample[] = [];
  if (n === 0) return samples;
  const pw = Math.floor(tfCount / n);
  for (let i = 0; i < n; i += 1) {
    const seq = params.tfSequenceStart + i;
    const pStart = i * pw;
    const pEnd = i < n - 1 ? pStart + pw - 1 : tfCount - 1;
    const pSize = pEnd - pStart + 1;
    const size = Math.max(1, Math.min(Math.floor(pSize * params.tfSizeFraction * rng.gauss(1.0, 0.1)), pSize));
    const maxStart = pEnd - size + 1;
    // No draw when the subsample fills the partition: the offset is forced.
    const tfFirst = maxStart > pStart ? rng.randint(pStart, maxStart) : pStart;
    samples.push({
      tfFilename: `${base}_tf_${String(seq).padStart(3, '0')}.tf`,
      sequenceNumber: seq,
      tfFirst,
      tfLast: tfFirst + size - 1,
      tfCount: size,
      sizeBytes: stfBytes === null ? null : Math.round((stfBytes * size) / tfCount),
    });
  }
  return samples;
}
