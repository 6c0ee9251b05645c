import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../../../../main/agents/registry/index.js';
import { RegisteredAgent } from '../../../../../main/agents/registry/registered-agent.js';
import { silentLogger } from '../../../../../main/ocs/logger.js';

function heartbeat(address: string, opCodes: unknown, agentClass = 'FakeDataAgent') {
  return [[opCodes, { agent_address: address, agg_params: {}, feed_name: 'heartbeat', address: `${address}.feeds.heartbeat`, record: false, session_id: '1.0', agent_class: agentClass }]];
}

function setup() {
  const { agent, registry } = createRegistry({ logger: silentLogger });
  const published: unknown[] = [];
  agent.publish = (_topic, args) => published.push((args[0] as unknown[])[0]);
  return { agent, registry, published };
}

describe('RegisteredAgent', () => {
  it('mangles field names like upstream', () => {
    const agent = new RegisteredAgent('observatory.fake-data1', 'FakeDataAgent', 1);
    expect(agent.fieldName('acq')).toBe('observatory_fake_data1_acq');
    expect(new RegisteredAgent('observatory.1x', null, 1).fieldName('op-a')).toBe('observatory_1x_op_a');
  });

  it('merges op codes, reports changes and expires to 7', () => {
    const agent = new RegisteredAgent('observatory.a', 'X', 1);
    expect(agent.refresh({ acq: 3 }, 2)).toBe(true);
    expect(agent.refresh({ acq: 3 }, 3)).toBe(false);
    expect(agent.refresh({}, 4)).toBe(false);
    agent.expire(10);
    expect(agent.info).toEqual({ expired: true, time_expired: 10, last_updated: 4, op_codes: { acq: 7 }, agent_class: 'X', agent_address: 'observatory.a' });
    expect(agent.refresh({ acq: 3 }, 11)).toBe(true);
    expect(agent.info).toMatchObject({ expired: false, time_expired: null, last_updated: 11 });
  });
});

describe('Registry.onHeartbeat', () => {
  it('lists agents and publishes one agent_operations block per op, only on change', () => {
    const { registry, published } = setup();
    registry.onHeartbeat(heartbeat('observatory.fake-data1', { acq: 1, delay_task: 1 }));
    expect(registry.registeredAgents()['observatory.fake-data1']).toMatchObject({
      expired: false,
      time_expired: null,
      op_codes: { acq: 1, delay_task: 1 },
      agent_class: 'FakeDataAgent',
      agent_address: 'observatory.fake-data1',
    });
    expect(published).toHaveLength(2);
    expect(published[0]).toEqual({
      observatory_fake_data1_acq: { block_name: 'observatory_fake_data1_acq', data: { observatory_fake_data1_acq: [1] }, timestamps: [expect.any(Number)] },
    });
    registry.onHeartbeat(heartbeat('observatory.fake-data1', { acq: 1, delay_task: 1 }));
    expect(published).toHaveLength(2);
    registry.onHeartbeat(heartbeat('observatory.fake-data1', { acq: 3, delay_task: 1 }));
    expect(published).toHaveLength(4);
  });

  it('ignores malformed events and tolerates the old bare-0 heartbeat', () => {
    const { registry, published } = setup();
    registry.onHeartbeat([]);
    registry.onHeartbeat([[{ acq: 1 }]]);
    registry.onHeartbeat([[{ acq: 1 }, { no_address: true }]]);
    expect(registry.registeredAgents()).toEqual({});
    registry.onHeartbeat(heartbeat('observatory.old', 0, 'OldAgent'));
    expect(registry.registeredAgents()['observatory.old']).toMatchObject({ op_codes: {}, agent_class: 'OldAgent' });
    expect(published).toHaveLength(0);
  });
});
