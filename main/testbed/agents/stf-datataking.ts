import type { DaqSettings } from '../config/index.js';
import type { TestbedMessage } from '../messages.js';
import type { SimClock } from './sim-clock.js';

/** What one stf_datataking execution needs. */
export interface DatatakingContext {
  clock: SimClock;
  /** Aborted by stop_workflow: the current step ends and the run is closed with end_run. */
  signal: AbortSignal;
  daq: DaqSettings;
  namespace: string;
  executionId: string;
  /** The run number as upstream sends it (a string, e.g. "100010"). */
  runId: string;
  /** Sends one message to /topic/epictopic. */
  broadcast(message: TestbedMessage): Promise<void>;
}

export interface DatatakingOutcome {
  stopped: boolean;
  /** True once run_imminent went out (a stop before that announces no run and sends no end_run). */
  announced: boolean;
  totalStfFiles: number;
  /** Simulated seconds when the execution ended. */
  endTick: number;
}

/** Thrown inside the executor when the stop signal is seen between steps. */
class Stopped extends Error {}

/** STF file name of upstream's runner: `swf.<run>.<seq:06d>.stf`. */
export function stfFilename(runId: string, sequence: number): string {
  return `swf.${runId}.${String(sequence).padStart(6, '0')}.stf`;
}

/**
 * The stf_datataking workflow (spec §5.7, upstream `stf_datataking.py`), step for step: each broadcast
 * takes 0.1 s, run_imminent at 5.0, start_run at 13.1, stf_gen at 14.2 + 2.2·k with the defaults,
 * pause_run/resume_run between physics periods, stf_count per period (or duration mode when it is 0 or
 * absent), physics_period_count 0 = until stopped, end_run with total_stf_files. Our addition: a stop
 * ends the current period with a proper end_run (upstream broadcasts none).
 */
export async function runStfDatataking(ctx: DatatakingContext): Promise<DatatakingOutcome> {
  const { clock, daq } = ctx;
  let sequence = 0;
  let announced = false;
  const step = async (seconds: number) => {
    if (ctx.signal.aborted) throw new Stopped();
    await clock.timeout(seconds, ctx.signal);
    if (ctx.signal.aborted) throw new Stopped();
  };
  const stamp = () => ({ namespace: ctx.namespace, execution_id: ctx.executionId, run_id: ctx.runId, simulation_tick: clock.now });
  const broadcast = async (message: Record<string, unknown> & { msg_type: string }) => {
    await ctx.broadcast({ ...stamp(), ...message });
    await step(0.1);
  };
  const endRun = () => ctx.broadcast({ msg_type: 'end_run', ...stamp(), total_stf_files: sequence });

  const generateStf = async () => {
    sequence += 1;
    await broadcast({ msg_type: 'stf_gen', filename: stfFilename(ctx.runId, sequence), sequence, state: 'run', substate: 'physics' });
    await step(daq.stf_generation_time);
  };
  const physicsPeriod = async () => {
    const count = daq.stf_count;
    if (count) {
      for (let i = 0; i < count; i += 1) {
        await generateStf();
        if (i < count - 1) await step(daq.stf_interval);
      }
      return;
    }
    const start = clock.now;
    while (clock.now - start < daq.physics_period_duration) {
      await generateStf();
      if (clock.now - start < daq.physics_period_duration) await step(daq.stf_interval);
    }
  };

  try {
    await step(daq.no_beam_not_ready_delay);
    announced = true;
    await broadcast({ msg_type: 'run_imminent', state: 'beam', substate: 'not_ready' });
    await step(daq.broadcast_delay);
    await step(daq.beam_not_ready_delay);
    await step(daq.beam_ready_delay); // beam/ready: a silent transition
    const periods = daq.physics_period_count;
    for (let period = 0; periods === 0 || period < periods; ) {
      await broadcast({ msg_type: period === 0 ? 'start_run' : 'resume_run', state: 'run', substate: 'physics' });
      await step(daq.broadcast_delay);
      await physicsPeriod();
      period += 1;
      if (periods === 0 || period < periods) {
        await broadcast({ msg_type: 'pause_run', state: 'run', substate: 'standby', reason: 'Brief standby period' });
        await step(daq.broadcast_delay);
        await step(daq.standby_duration);
      }
    }
    await endRun();
    // The run is over: a stop from here on only cuts the trailing beam-down delays short.
    for (const seconds of [0.1, daq.broadcast_delay, daq.beam_not_ready_end_delay]) await clock.timeout(seconds, ctx.signal);
    return { stopped: false, announced, totalStfFiles: sequence, endTick: clock.now };
  } catch (error) {
    if (!(error instanceof Stopped)) throw error;
    if (announced) await endRun();
    return { stopped: true, announced, totalStfFiles: sequence, endTick: clock.now };
  }
}
