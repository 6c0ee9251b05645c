import { OcsAgent } from '../../ocs/agent.js';
import type { OcsLogger } from '../../ocs/logger.js';
import { param } from '../../ocs/params.js';
import { unixTime } from '../../ocs/clock.js';

export interface DemoAgentOptions {
  /** Default: the demo site's id (`demo-thermo`, `demo-hwp`, `demo-shutter`). */
  instanceId?: string;
  addressRoot?: string;
  logger?: OcsLogger;
}

const CHANNELS = ['ch1', 'ch2', 'ch3', 'ch4'] as const;

/**
 * DemoThermometry (instance `demo-thermo`): a four-channel thermometer whose `acq` process
 * publishes the `temperatures` record feed at 1 Hz; `calibrate` is a long abortable task and
 * `set_setpoint` a quick one with typed params.
 */
export function createDemoThermometry(options: DemoAgentOptions = {}): OcsAgent {
  const agent = new OcsAgent({ agentClass: 'DemoThermometry', instanceId: options.instanceId ?? 'demo-thermo', addressRoot: options.addressRoot, logger: options.logger });
  const state = { setpoint: 4.0, rampRate: 0.1, base: 4.0 };
  agent.registerFeed('temperatures', { record: true, aggParams: { frame_length: 60 }, bufferTime: 0 });

  agent.registerProcess('acq', {
    startup: true,
    stop: true,
    params: [],
    docstring: 'acq()\n\n**Process** - Acquire the four thermometer channels at 1 Hz and publish them on the `temperatures` feed.\nsession.data holds the latest values.',
    run: async (session, _params, ctx) => {
      do {
        // The base temperature walks towards the setpoint at ramp_rate K per second.
        const step = Math.min(Math.abs(state.setpoint - state.base), state.rampRate);
        state.base += Math.sign(state.setpoint - state.base) * step;
        const timestamp = unixTime();
        const data: Record<string, number> = {};
        CHANNELS.forEach((channel, index) => (data[channel] = round(state.base + index * 0.05 + 0.01 * Math.sin(timestamp + index))));
        agent.publishToFeed('temperatures', { block_name: 'temps', timestamp, data });
        session.data = { ...data, timestamp, setpoint: state.setpoint };
      } while (await ctx.sleep(1000));
      return [true, 'Acquisition exited cleanly.'];
    },
  });

  agent.registerTask('calibrate', {
    abort: true,
    params: [param('duration', { default: 10.0, type: 'float', check: (value) => (value as number) > 0 && (value as number) <= 3600 })],
    docstring:
      'calibrate(duration=10.0)\n\n**Task** (abortable) - Run a calibration sweep for `duration` seconds.\n\n' +
      'Parameters:\n    duration (float): seconds to run, 0 < duration <= 3600. Default 10.0.\n\n' +
      'Notes:\n    session.data holds {"progress": 0..1}; one session message per second.',
    run: async (session, params, ctx) => {
      const duration = params.duration as number;
      const steps = Math.ceil(duration / 0.5);
      session.data = { progress: 0 };
      for (let step = 1; step <= steps; step++) {
        if (!(await ctx.sleep(500))) return [false, `Aborted calibration after ${((step - 1) * 0.5).toFixed(1)} s`];
        session.data = { progress: round(Math.min(1, step / steps)) };
        if (step % 2 === 0) session.addMessage(`calibrating: ${step / 2} s of ${duration} s`);
      }
      return [true, `Calibration finished after ${duration} s`];
    },
  });

  agent.registerTask('set_setpoint', {
    params: [
      param('setpoint', { default: 4.0, type: 'float', check: (value) => (value as number) >= 0 && (value as number) <= 400 }),
      param('ramp_rate', { default: 0.1, type: 'float', check: (value) => (value as number) > 0 && (value as number) <= 10 }),
    ],
    docstring:
      'set_setpoint(setpoint=4.0, ramp_rate=0.1)\n\n**Task** - Set the temperature setpoint the channels ramp to.\n\n' +
      'Parameters:\n    setpoint (float): target in K, 0..400. Default 4.0.\n    ramp_rate (float): K per second, 0 < ramp_rate <= 10. Default 0.1.',
    run: (session, params) => {
      state.setpoint = params.setpoint as number;
      state.rampRate = params.ramp_rate as number;
      session.data = { setpoint: state.setpoint, ramp_rate: state.rampRate };
      return [true, `Setpoint set to ${state.setpoint} K (ramp ${state.rampRate} K/s)`];
    },
  });
  return agent;
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
