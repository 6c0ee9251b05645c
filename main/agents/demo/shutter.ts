import { OcsAgent } from '../../ocs/agent.js';
import type { OpOutcome } from '../../ocs/op-definitions.js';
import type { OpSession } from '../../ocs/session.js';
import type { DemoAgentOptions } from './thermometry.js';

/** DemoShutter (instance `demo-shutter`): `open` and `close` take 1 s each; `watch` (not started at startup) reports the position. */
export function createDemoShutter(options: DemoAgentOptions = {}): OcsAgent {
  const agent = new OcsAgent({ agentClass: 'DemoShutter', instanceId: options.instanceId ?? 'demo-shutter', addressRoot: options.addressRoot, logger: options.logger });
  const shutter = { position: 'closed' as 'open' | 'closed' | 'moving' };

  const move = (to: 'open' | 'closed') => async (session: OpSession): Promise<OpOutcome> => {
    if (shutter.position === to) return [true, `Shutter already ${to}`];
    shutter.position = 'moving';
    session.data = { position: shutter.position };
    await new Promise((resolve) => setTimeout(resolve, 1000));
    shutter.position = to;
    session.data = { position: to };
    return [true, `Shutter ${to}`];
  };

  agent.registerTask('open', { params: [], docstring: 'open()\n\n**Task** - Open the shutter (1 s).', run: move('open') });
  agent.registerTask('close', { params: [], docstring: 'close()\n\n**Task** - Close the shutter (1 s).', run: move('closed') });
  agent.registerProcess('watch', {
    stop: true,
    params: [],
    docstring: 'watch()\n\n**Process** - Report the shutter position every second in session.data {"position"}.',
    run: async (session, _params, ctx) => {
      do session.data = { position: shutter.position };
      while (await ctx.sleep(1000));
      return [true, 'Watch exited cleanly.'];
    },
  });
  return agent;
}
