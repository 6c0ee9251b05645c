import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AGENT_PROGRAM_MAP,
  DAQ_STATE_MACHINE_DEFAULTS,
  DEFAULT_TESTBED_CONFIG_DIR,
  DEFAULT_TESTBED_FILE,
  loadTestbedConfig,
  loadWorkflowConfig,
  resolveWorkflow,
} from '../../../../../main/testbed/config/index.js';

const shipped = (name: string) => join(DEFAULT_TESTBED_CONFIG_DIR, name);

describe('shipped testbed.toml', () => {
  it('loads with namespace torre1, agents data + fastmon + fast_processing, workflow stf_datataking / fast_processing_default', () => {
    const config = loadTestbedConfig(DEFAULT_TESTBED_FILE);
    expect(config.namespace).toBe('torre1');
    expect(config.workflow).toEqual({ name: 'stf_datataking', config: 'fast_processing_default', realtime: true });
    expect(config.agents.data).toEqual({ enabled: true, script: 'example_agents/example_data_agent.py' });
    expect(config.agents.processing?.enabled).toBe(false);
    expect(config.parameters).toEqual({});
    expect(config.extraSections).toEqual({});
  });

  it('resolves with fast_processing_default to the §8 run: 10 STFs every 2.0 s in one period, namespace torre1 not torre2', () => {
    const run = resolveWorkflow(loadTestbedConfig(DEFAULT_TESTBED_FILE));
    expect(run.namespace).toBe('torre1');
    expect(run.workflowName).toBe('stf_datataking');
    expect(run.configName).toBe('fast_processing_default');
    expect(run.configFile).toBe(shipped('fast_processing_default.toml'));
    expect(run.includedFiles).toEqual([shipped('daq_state_machine.toml')]);
    expect(run.realtime).toBe(true);
    expect(run.daq).toMatchObject({
      stf_count: 10,
      physics_period_count: 1,
      stf_interval: 2.0,
      stf_generation_time: 0.1,
      no_beam_not_ready_delay: 5,
      beam_not_ready_delay: 5,
      beam_ready_delay: 2,
      beam_not_ready_end_delay: 5,
      broadcast_delay: 1,
      physics_period_duration: 10,
      standby_duration: 2,
      target_worker_count: 30,
      slice_processing_time: 30,
      worker_rampup_time: 300,
      worker_rampdown_time: 60,
    });
    expect(run.defaultedDaqKeys).toEqual([]);
    expect(run.ignoredParams).toEqual([]);
    expect(run.enabledAgents).toEqual(['data', 'fastmon', 'fast_processing']);
    expect(run.enabledAgents.map((key) => AGENT_PROGRAM_MAP[key])).toEqual(['example-data-agent', 'example-fastmon-agent', 'fast-processing-agent']);
    // The workflow config's own [testbed] and [workflow] name are overlaid by the testbed file's.
    expect(run.sections.testbed).toEqual({ namespace: 'torre1' });
    expect(run.sections.workflow).toMatchObject({ name: 'stf_datataking', version: '1.0', config: 'fast_processing_default', realtime: true });
  });
});

describe('shipped workflow configs', () => {
  it('daq_state_machine.toml holds exactly the spec §5.3 timings', () => {
    const { sections, includedFiles } = loadWorkflowConfig(shipped('daq_state_machine.toml'));
    expect(sections).toEqual({ daq_state_machine: { ...DAQ_STATE_MACHINE_DEFAULTS } });
    expect(includedFiles).toEqual([]);
  });

  it('fast_processing_default.toml: torre2, fast_processing 1.0, agents data/fastmon/fast_processing, [fast_processing] values', () => {
    const { sections } = loadWorkflowConfig(shipped('fast_processing_default.toml'));
    expect(sections.testbed).toEqual({ namespace: 'torre2' });
    expect(sections.workflow).toEqual({ name: 'fast_processing', version: '1.0', includes: ['daq_state_machine.toml'] });
    expect(sections.agents).toEqual({ data: { enabled: true }, processing: { enabled: false }, fastmon: { enabled: true }, fast_processing: { enabled: true } });
    expect(sections.fast_processing).toEqual({
      stf_count: 10,
      physics_period_count: 1,
      target_worker_count: 30,
      stf_sampling_rate: 1.0,
      slices_per_sample: 15,
      slice_processing_time: 30,
      worker_rampup_time: 300,
      worker_rampdown_time: 60,
    });
    expect(sections.daq_state_machine).toEqual({ ...DAQ_STATE_MACHINE_DEFAULTS });
  });

  it('stf_datataking_default.toml resolves to 5 STFs every 2.2 s in one 60 s period', () => {
    const config = { ...loadTestbedConfig(DEFAULT_TESTBED_FILE), workflow: { name: 'stf_datataking', config: 'stf_datataking', realtime: true } };
    const run = resolveWorkflow(config);
    expect(run.configFile).toBe(shipped('stf_datataking_default.toml'));
    expect(run.sections.simulation).toEqual({ stf_count: 5, physics_period_count: 1, physics_period_duration: 60, stf_interval: 2.2, realtime: true });
    expect(run.daq).toMatchObject({ stf_count: 5, physics_period_count: 1, physics_period_duration: 60, stf_interval: 2.2, broadcast_delay: 1 });
  });

  it('fast_processing_default.toml also loads as a testbed file (`testbed run fast_processing`): namespace torre2', () => {
    const config = loadTestbedConfig(shipped('fast_processing_default.toml'));
    expect(config.namespace).toBe('torre2');
    expect(config.workflow).toEqual({ name: 'fast_processing', config: 'fast_processing_default', realtime: true });
    expect(config.extraSections.fast_processing).toMatchObject({ stf_count: 10 });
  });

  it('AGENT_PROGRAM_MAP is the §5.2 table', () => {
    expect(AGENT_PROGRAM_MAP).toEqual({
      data: 'example-data-agent',
      processing: 'example-processing-agent',
      fastmon: 'example-fastmon-agent',
      fast_processing: 'fast-processing-agent',
      'stf-data': 'stf-data-agent',
      'stf-processing': 'stf-processing-agent',
    });
  });
});
