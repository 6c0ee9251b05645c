import { describe, expect, it } from 'vitest';
import { DAQ_STATE_MACHINE_DEFAULTS, type DaqSettings } from '../../../../../main/testbed/config/index.js';
import { runStfDatataking, stfFilename, type DatatakingOutcome } from '../../../../../main/testbed/agents/stf-datataking.js';
import { VirtualClock } from '../../../../../main/testbed/agents/sim-clock.js';
import type { TestbedMessage } from '../../../../../main/testbed/messages.js';

interface Sent {
  type: string;
  tick: number;
  message: TestbedMessage;
}

async function simulate(daq: Partial<DaqSettings>, stopWhen?: (sent: Sent[]) => boolean): Promise<{ sent: Sent[]; outcome: DatatakingOutcome; clock: VirtualClock }> {
  const sent: Sent[] = [];
  const stop = new AbortController();
  const clock = new VirtualClock();
  const outcome = await runStfDatataking({
    clock,
    signal: stop.signal,
    daq: { ...DAQ_STATE_MACHINE_DEFAULTS, ...daq } as DaqSettings,
    namespace: 'torre1',
    executionId: 'stf_datataking-alice-0001',
    runId: '100010',
    broadcast: async (message) => {
      sent.push({ type: String(message.msg_type), tick: Number(message.simulation_tick), message });
      if (stopWhen?.(sent)) stop.abort();
    },
  });
  return { sent, outcome, clock };
}

describe('stf_datataking timeline (spec §5.7)', () => {
  it('runs fast_processing_default (10 STFs, one period) at the upstream ticks', async () => {
    const { sent, outcome, clock } = await simulate({ stf_count: 10, physics_period_count: 1 });
    expect(sent.map((s) => s.type)).toEqual(['run_imminent', 'start_run', ...Array(10).fill('stf_gen'), 'end_run']);
    expect(sent[0].tick).toBe(5.0);
    expect(sent[1].tick).toBe(13.1);
    sent.slice(2, 12).forEach((s, k) => expect(s.tick).toBeCloseTo(14.2 + 2.2 * k, 6));
    expect(sent[12].tick).toBe(34.2);
    expect(clock.now).toBe(40.3);
    expect(outcome).toEqual({ stopped: false, announced: true, totalStfFiles: 10, endTick: 40.3 });
  });

  it('sends the upstream fields on every message', async () => {
    const { sent } = await simulate({ stf_count: 2, physics_period_count: 1 });
    const base = { namespace: 'torre1', execution_id: 'stf_datataking-alice-0001', run_id: '100010' };
    expect(sent[0].message).toEqual({ msg_type: 'run_imminent', ...base, simulation_tick: 5, state: 'beam', substate: 'not_ready' });
    expect(sent[1].message).toEqual({ msg_type: 'start_run', ...base, simulation_tick: 13.1, state: 'run', substate: 'physics' });
    expect(sent[3].message).toEqual({ msg_type: 'stf_gen', ...base, simulation_tick: 16.4, filename: 'swf.100010.000002.stf', sequence: 2, state: 'run', substate: 'physics' });
    expect(sent[4].message).toEqual({ msg_type: 'end_run', ...base, simulation_tick: 16.6, total_stf_files: 2 });
    expect(stfFilename('100011', 123)).toBe('swf.100011.000123.stf');
  });

  it('applies stf_count per period with pause_run / resume_run between periods', async () => {
    const { sent, outcome } = await simulate({ stf_count: 3, physics_period_count: 2 });
    expect(sent.map((s) => s.type)).toEqual(['run_imminent', 'start_run', 'stf_gen', 'stf_gen', 'stf_gen', 'pause_run', 'resume_run', 'stf_gen', 'stf_gen', 'stf_gen', 'end_run']);
    const pause = sent[5];
    expect(pause.message).toMatchObject({ state: 'run', substate: 'standby', reason: 'Brief standby period' });
    expect(pause.tick).toBeCloseTo(14.2 + 4.4 + 0.2, 6);
    // pause (0.1) + broadcast_delay (1) + standby_duration (2) before resume_run.
    expect(sent[6].tick).toBeCloseTo(pause.tick + 3.1, 6);
    expect(sent[6].message).toMatchObject({ state: 'run', substate: 'physics' });
    expect(sent.filter((s) => s.type === 'stf_gen').map((s) => s.message.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(outcome.totalStfFiles).toBe(6);
  });

  it('generates for physics_period_duration when stf_count is 0 (10 s at 2.2 s → 5 STFs)', async () => {
    const { sent } = await simulate({ stf_count: 0, physics_period_count: 1, physics_period_duration: 10, stf_interval: 2.0 });
    const gens = sent.filter((s) => s.type === 'stf_gen');
    expect(gens).toHaveLength(5);
    // The period starts at 14.2 and ends at 14.2 + 11.0 (after the 5th STF's interval).
    expect(sent.at(-1)).toMatchObject({ type: 'end_run', tick: 25.2 });
  });

  it('runs until stopped with physics_period_count 0, then ends the run with end_run', async () => {
    const { sent, outcome } = await simulate({ stf_count: 2, physics_period_count: 0 }, (s) => s.filter((m) => m.type === 'stf_gen').length === 7);
    expect(sent.filter((s) => s.type === 'pause_run').length).toBe(3);
    expect(sent.at(-1)?.message).toMatchObject({ msg_type: 'end_run', total_stf_files: 7 });
    expect(outcome).toMatchObject({ stopped: true, announced: true, totalStfFiles: 7 });
  });

  it('announces no run when stopped before run_imminent', async () => {
    const sent: TestbedMessage[] = [];
    const stop = new AbortController();
    stop.abort();
    const outcome = await runStfDatataking({
      clock: new VirtualClock(), signal: stop.signal, daq: DAQ_STATE_MACHINE_DEFAULTS as DaqSettings, namespace: 'n', executionId: 'e', runId: '1',
      broadcast: async (m) => void sent.push(m),
    });
    expect(sent).toEqual([]);
    expect(outcome).toMatchObject({ stopped: true, announced: false, totalStfFiles: 0 });
  });
});
