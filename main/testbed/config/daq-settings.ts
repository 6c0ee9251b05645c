import { z } from 'zod';
import type { TomlValue } from 'smol-toml';

/** The DAQ state-machine timings of `daq_state_machine.toml` with the values the spec ships (§5.3), in seconds unless noted. */
export const DAQ_STATE_MACHINE_DEFAULTS = Object.freeze({
  no_beam_not_ready_delay: 5,
  beam_not_ready_delay: 5,
  beam_ready_delay: 2,
  beam_not_ready_end_delay: 5,
  broadcast_delay: 1,
  stf_interval: 2.0,
  stf_generation_time: 0.1,
  physics_period_duration: 10,
  /** Number of physics periods; 0 means run until stopped. */
  physics_period_count: 2,
  standby_duration: 2,
});

/** A key every resolved workflow carries (defaulted from {@link DAQ_STATE_MACHINE_DEFAULTS} when no section sets it). */
export type DaqCoreKey = keyof typeof DAQ_STATE_MACHINE_DEFAULTS;

/**
 * The executor's view of a workflow (spec §5.3 rule 5): every DAQ timing as a number, `stf_count` when some
 * section sets it (falsy or absent → duration mode), plus whatever other keys the workflow's sections carry.
 */
export type DaqSettings = { readonly [K in DaqCoreKey]: number } & {
  /** STFs per physics period; absent or 0 → generate for `physics_period_duration` instead. */
  readonly stf_count?: number;
  readonly [extra: string]: TomlValue | undefined;
};

/** The DAQ keys whose values are counts (integers ≥ 0); the others are durations (numbers ≥ 0). */
const COUNT_KEYS = new Set<string>(['stf_count', 'physics_period_count']);

/** Every key checked for a numeric value wherever it appears (`[parameters]`, `[daq_state_machine]`, `[fast_processing]`, …). */
export const DAQ_KEYS: readonly string[] = [...Object.keys(DAQ_STATE_MACHINE_DEFAULTS), 'stf_count'];

function daqValueSchema(key: string): z.ZodType<number> {
  if (COUNT_KEYS.has(key)) {
    const error = 'must be a whole number ≥ 0';
    return z.number({ error }).int({ error }).min(0, { error });
  }
  const error = 'must be a number ≥ 0 (seconds)';
  return z.number({ error }).min(0, { error });
}

/** zod shape that checks the DAQ keys present in a section and leaves every other key to the caller's catchall. */
export const DAQ_KEY_SHAPE: Readonly<Record<string, z.ZodOptional<z.ZodType<number>>>> = Object.fromEntries(
  DAQ_KEYS.map((key) => [key, daqValueSchema(key).optional()]),
);

/** Builds the typed view from merged values; returns the core keys that fell back to the defaults. */
export function buildDaqSettings(values: Readonly<Record<string, TomlValue>>): { daq: DaqSettings; defaulted: DaqCoreKey[] } {
  const defaulted: DaqCoreKey[] = [];
  const daq: Record<string, TomlValue> = { ...values };
  for (const key of Object.keys(DAQ_STATE_MACHINE_DEFAULTS) as DaqCoreKey[]) {
    if (typeof daq[key] !== 'number') {
      daq[key] = DAQ_STATE_MACHINE_DEFAULTS[key];
      defaulted.push(key);
    }
  }
  return { daq: daq as DaqSettings, defaulted };
}
