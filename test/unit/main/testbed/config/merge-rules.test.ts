import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTestbedConfig, resolveWorkflow } from '../../../../../main/testbed/config/index.js';
import { configErrorOf, tomlDirs } from './config-test-helpers.js';

const dirs = tomlDirs();
afterEach(() => dirs.cleanup());

/** A workflow config `wf.toml` that includes base.toml, plus the testbed file given. */
function setup(testbed: string, extra: Record<string, string> = {}) {
  const dir = dirs.write({
    'testbed.toml': testbed,
    'wf.toml': `[testbed]
namespace = "from-workflow"

[workflow]
name = "wf"
version = "2.0"
includes = ["base.toml"]

[sim]
stf_count = 2
stf_interval = 1.5
`,
    'base.toml': `[sim]
stf_count = 99
physics_period_count = 99

[daq_state_machine]
broadcast_delay = 3
stf_interval = 4.0

[only_in_base]
flavour = "base"
`,
    ...extra,
  });
  return { dir, config: loadTestbedConfig(join(dir, 'testbed.toml')) };
}

const TESTBED = `[testbed]
namespace = "alice"

[workflow]
name = "stf_datataking"
config = "wf"
realtime = false
`;

describe('merge rule 2: includes only add the sections the including file lacks', () => {
  it('keeps the main [sim] whole (no key of the include leaks in) and adds the missing sections', () => {
    const run = resolveWorkflow(setup(TESTBED).config);
    expect(run.sections.sim).toEqual({ stf_count: 2, stf_interval: 1.5 });
    expect(run.sections.only_in_base).toEqual({ flavour: 'base' });
    expect(run.sections.daq_state_machine).toEqual({ broadcast_delay: 3, stf_interval: 4.0 });
  });

  it("nested includes: an included file's own includes fill what both lack, depth first", () => {
    const { config, dir } = setup(TESTBED, {
      'base.toml': `[workflow]\nincludes = ["deeper.toml"]\n\n[sim]\nstf_count = 99\n`,
      'deeper.toml': `[sim]\nstf_count = 1000\n\n[deep]\nlevel = 2\n`,
    });
    const run = resolveWorkflow(config, {}, { configDirs: [dir] });
    expect(run.includedFiles).toEqual([join(dir, 'base.toml'), join(dir, 'deeper.toml')]);
    expect(run.sections.sim).toEqual({ stf_count: 2, stf_interval: 1.5 });
    expect(run.sections.deep).toEqual({ level: 2 });
  });
});

describe('merge rule 3: the testbed file overlays every section per key', () => {
  it('namespace and [workflow] come from the testbed file; other workflow keys stay', () => {
    const run = resolveWorkflow(setup(TESTBED).config);
    expect(run.namespace).toBe('alice');
    expect(run.workflowName).toBe('stf_datataking');
    expect(run.realtime).toBe(false);
    expect(run.sections.workflow).toMatchObject({ name: 'stf_datataking', version: '2.0', config: 'wf', realtime: false });
  });

  it('a testbed [sim] replaces only the keys it names; a new section is added', () => {
    const run = resolveWorkflow(setup(`${TESTBED}\n[sim]\nstf_interval = 0.5\n\n[mine]\nnote = "x"\n`).config);
    expect(run.sections.sim).toEqual({ stf_count: 2, stf_interval: 0.5 });
    expect(run.sections.mine).toEqual({ note: 'x' });
  });

  it("testbed [agents.*] replace the workflow config's entries per agent; enabledAgents follow the testbed file", () => {
    const wf = `[workflow]\nname = "wf"\n\n[agents.data]\nenabled = true\n\n[agents.fastmon]\nenabled = true\n`;
    const { config } = setup(`${TESTBED}\n[agents.fastmon]\nenabled = false\n\n[agents.processing]\nenabled = true\n`, { 'wf.toml': wf });
    const run = resolveWorkflow(config);
    expect(run.sections.agents).toEqual({ data: { enabled: true }, fastmon: { enabled: false }, processing: { enabled: true } });
    expect(run.enabledAgents).toEqual(['processing']);
  });
});

describe('merge rule 4: params override only keys some non-workflow section has', () => {
  it('applies [parameters] and passed params to every section holding the key; passed params win', () => {
    const { config } = setup(`${TESTBED}\n[parameters]\nstf_count = 4\nstf_interval = 0.25\n`);
    const run = resolveWorkflow(config, { stf_count: 6 });
    expect(run.params).toEqual({ stf_count: 6, stf_interval: 0.25 });
    expect(run.sections.sim).toEqual({ stf_count: 6, stf_interval: 0.25 });
    expect(run.sections.daq_state_machine).toEqual({ broadcast_delay: 3, stf_interval: 0.25 });
    expect(run.daq.stf_count).toBe(6);
    expect(run.daq.stf_interval).toBe(0.25);
    expect(run.ignoredParams).toEqual([]);
  });

  it('reports params no section has instead of dropping them silently, and never touches [workflow]', () => {
    const { config } = setup(`${TESTBED}\n[parameters]\nunknown_knob = 7\n`);
    const run = resolveWorkflow(config, { version: '9.9', physics_period_count: 3 });
    // physics_period_count exists only in base's [sim], which the main [sim] shadowed: ignored too.
    expect(run.ignoredParams).toEqual(['unknown_knob', 'version', 'physics_period_count']);
    expect(run.sections.workflow.version).toBe('2.0');
    expect('unknown_knob' in run.daq).toBe(false);
    expect(run.daq.physics_period_count).toBe(2);
  });

  it('a namespace param overrides the namespace (as MCP sends one); a bad one is refused', () => {
    const { config } = setup(TESTBED);
    expect(resolveWorkflow(config, { namespace: 'bob' }).namespace).toBe('bob');
    const error = configErrorOf(() => resolveWorkflow(config, { namespace: '' }));
    expect(error.message).toMatch(/^params: namespace must be a non-empty name/);
  });

  it('a wrongly typed param names the key and the expected type', () => {
    const { config } = setup(TESTBED);
    expect(configErrorOf(() => resolveWorkflow(config, { stf_count: 'ten' })).message).toBe('params: stf_count must be a whole number ≥ 0, got string "ten"');
    expect(configErrorOf(() => resolveWorkflow(config, { knob: [1] })).message).toBe('params: knob must be a number, string or boolean, got an array');
  });
});

describe('merge rule 5: daq = daq_state_machine ∪ every other non-system section, later sections win', () => {
  it('non-system sections override daq_state_machine; system sections stay out; missing core keys are defaulted and listed', () => {
    const run = resolveWorkflow(setup(TESTBED).config);
    expect(run.daq).toMatchObject({ broadcast_delay: 3, stf_count: 2, stf_interval: 1.5, flavour: 'base' });
    expect('namespace' in run.daq).toBe(false);
    expect('version' in run.daq).toBe(false);
    expect(run.defaultedDaqKeys).toContain('no_beam_not_ready_delay');
    expect(run.defaultedDaqKeys).not.toContain('broadcast_delay');
    expect(run.daq.no_beam_not_ready_delay).toBe(5);
  });

  it('between two non-system sections the later one in the merged order wins', () => {
    const { config } = setup(`${TESTBED}\n[late]\nstf_count = 8\n`);
    expect(resolveWorkflow(config).daq.stf_count).toBe(8);
  });
});
