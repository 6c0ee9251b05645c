import { OcsAgent } from '../../ocs/agent.js';
import { param } from '../../ocs/params.js';
import type { OpRunContext } from '../../ocs/op-definitions.js';
import type { DemoAgentOptions } from './thermometry.js';

const STEP_MS = 100;

/**
 * DemoHWPRotation (instance `demo-hwp`): a half-wave-plate rotator. `monitor` reports the rotation
 * frequency; `spin_up` ramps it over about 3 s (abortable), `brake` stops it, and
 * `fail_on_purpose` shows what a failed task looks like.
 */
export function createDemoHwp(options: DemoAgentOptions = {}): OcsAgent {
  const agent = new OcsAgent({ agentClass: 'DemoHWPRotation', instanceId: options.instanceId ?? 'demo-hwp', addressRoot: options.addressRoot, logger: options.logger });
  const rotor = { freqHz: 0 };

  /** Moves the frequency linearly to `target` over `durationMs`; false if stopped on the way. */
  async function ramp(target: number, durationMs: number, ctx: OpRunContext): Promise<boolean> {
    const start = rotor.freqHz;
    const steps = Math.max(1, Math.round(durationMs / STEP_MS));
    for (let step = 1; step <= steps; step++) {
      if (!(await ctx.sleep(STEP_MS))) return false;
      rotor.freqHz = Math.round((start + ((target - start) * step) / steps) * 1000) / 1000;
    }
    return true;
  }

  agent.registerProcess('monitor', {
    startup: true,
    stop: true,
    params: [],
    docstring: 'monitor()\n\n**Process** - Report the rotation frequency twice a second in session.data {"freq_hz"}.',
    run: async (session, _params, ctx) => {
      do session.data = { freq_hz: rotor.freqHz };
      while (await ctx.sleep(500));
      return [true, 'Monitor exited cleanly.'];
    },
  });

  agent.registerTask('spin_up', {
    abort: true,
    params: [param('target_hz', { default: 2.0, type: 'float', check: (value) => (value as number) >= 0 && (value as number) <= 3 })],
    docstring:
      'spin_up(target_hz=2.0)\n\n**Task** (abortable) - Ramp the rotation to `target_hz` over about 3 s.\n\n' +
      'Parameters:\n    target_hz (float): target frequency in Hz, 0..3. Default 2.0.',
    run: async (session, params, ctx) => {
      const target = params.target_hz as number;
      session.addMessage(`spinning up from ${rotor.freqHz} Hz to ${target} Hz`);
      const reached = await ramp(target, 3000, ctx);
      session.data = { freq_hz: rotor.freqHz };
      return reached ? [true, `Rotation at ${target} Hz`] : [false, `Aborted spin-up at ${rotor.freqHz} Hz`];
    },
  });

  agent.registerTask('brake', {
    params: [],
    docstring: 'brake()\n\n**Task** - Stop the rotation (about 1 s).',
    run: async (session, _params, ctx) => {
      await ramp(0, 1000, ctx);
      session.data = { freq_hz: rotor.freqHz };
      return [true, 'Rotation stopped'];
    },
  });

  agent.registerTask('fail_on_purpose', {
    params: [],
    docstring: 'fail_on_purpose()\n\n**Task** - Always fails, to show how an agent error looks in the station.',
    run: async (session, _params, ctx) => {
      session.addMessage('checking the encoder (this demo task always fails)');
      await ctx.sleep(300);
      return [false, 'Encoder not responding: the demo HWP fails this task on purpose'];
    },
  });
  return agent;
}
