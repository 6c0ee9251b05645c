import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfigFile, findTestbedFile, loadTestbedConfig, resolveWorkflow } from '../../../../../main/testbed/config/index.js';
import { configErrorOf, FIXTURES } from './config-test-helpers.js';

const fixture = (name: string) => join(FIXTURES, name);
const loadError = (name: string) => configErrorOf(() => loadTestbedConfig(fixture(name)));
const resolveError = (dir: string) => configErrorOf(() => resolveWorkflow(loadTestbedConfig(fixture(`${dir}/testbed.toml`)), {}, { configDirs: [fixture(dir)] }));

describe('testbed.toml bad input: one error naming file, line and key', () => {
  it('TOML syntax error: line and column from the parser, plus the table and key on that line', () => {
    const error = loadError('syntax-error.toml');
    expect(error.message).toBe(`${fixture('syntax-error.toml')}:4:11: TOML syntax error: invalid value (at [agents.data] enabled)`);
    expect([error.line, error.column, error.key]).toEqual([4, 11, '[agents.data] enabled']);
    expect(error.excerpt).toContain('enabled = tru');
  });

  it('missing [testbed]: the upstream text, with the file', () => {
    const error = loadError('missing-testbed.toml');
    expect(error.message).toBe(`${fixture('missing-testbed.toml')}: namespace not set in [testbed] section`);
    expect(error.key).toBe('[testbed] namespace');
  });

  it('empty namespace: the upstream text at the namespace line', () => {
    expect(loadError('empty-namespace.toml').message).toBe(`${fixture('empty-namespace.toml')}:2: namespace not set in [testbed] section`);
  });

  it('a namespace that cannot name a queue', () => {
    expect(loadError('namespace-with-slash.toml').message).toBe(
      `${fixture('namespace-with-slash.toml')}:2: [testbed] namespace "alice/../bob" may only contain letters, digits, '.', '_' and '-' (it names message queues)`,
    );
  });

  it('unknown agent key: names the agent and lists the known ones', () => {
    const error = loadError('unknown-agent.toml');
    expect(error.message).toBe(
      `${fixture('unknown-agent.toml')}:3: [agents.foo] is not a known agent (known: data, processing, fastmon, fast_processing, stf-data, stf-processing)`,
    );
    expect(error.key).toBe('[agents.foo]');
  });

  it('a misspelt key inside [agents.fastmon]', () => {
    expect(loadError('agent-typo-key.toml').message).toBe(`${fixture('agent-typo-key.toml')}:5: [agents.fastmon] enabeld is not a known key (known: enabled, script)`);
  });

  it('enabled = "yes": names the key and the expected type', () => {
    const error = loadError('enabled-yes.toml');
    expect(error.message).toBe(`${fixture('enabled-yes.toml')}:6: [agents.data] enabled must be a boolean (true or false), got string "yes"`);
    expect(error.key).toBe('[agents.data] enabled');
  });

  it('realtime = 1', () => {
    expect(loadError('realtime-int.toml').message).toBe(`${fixture('realtime-int.toml')}:7: [workflow] realtime must be a boolean (true or false), got integer 1`);
  });

  it('stf_count = "ten" in [parameters]', () => {
    expect(loadError('stf-count-ten.toml').message).toBe(`${fixture('stf-count-ten.toml')}:9: [parameters] stf_count must be a whole number ≥ 0, got string "ten"`);
  });

  it('a negative DAQ timing in an override section', () => {
    expect(loadError('stf-interval-negative.toml').message).toBe(
      `${fixture('stf-interval-negative.toml')}:5: [daq_state_machine] stf_interval must be a number ≥ 0 (seconds), got float -1.5`,
    );
  });

  it('a key outside any section', () => {
    expect(loadError('top-level-key.toml').message).toBe(
      `${fixture('top-level-key.toml')}:1: namespace must be a table (a [section]); keys outside any section are not allowed, got string "alice"`,
    );
  });

  it('a missing file', () => {
    expect(configErrorOf(() => loadTestbedConfig(fixture('nope.toml'))).message).toBe(`${fixture('nope.toml')}: file not found`);
  });

  it('with several mistakes, the first in file order is reported', () => {
    // zod checks [agents] before [workflow]; the file has [workflow] first.
    expect(loadError('two-mistakes.toml').message).toBe(`${fixture('two-mistakes.toml')}:2: [workflow] realtime must be a boolean (true or false), got string "no"`);
  });
});

describe('workflow config bad input', () => {
  it('an include that does not exist: the including file, the includes line, the missing name', () => {
    const error = resolveError('missing-include');
    expect(error.message).toBe(
      `${fixture('missing-include/broken_default.toml')}:4: [workflow] includes "nope.toml": file not found (looked for ${fixture('missing-include/nope.toml')})`,
    );
    expect(error.key).toBe('[workflow] includes');
  });

  it('an include cycle: names the chain', () => {
    const error = resolveError('include-cycle');
    expect(error.message).toBe(`${fixture('include-cycle/cycle_b.toml')}:5: [workflow] includes "cycle_a.toml" forms a cycle: cycle_a.toml → cycle_b.toml → cycle_a.toml`);
  });

  it('a wrongly typed DAQ value in the workflow config itself', () => {
    expect(resolveError('bad-workflow-value').message).toBe(`${fixture('bad-workflow-value/typo.toml')}:6: [fast_processing] physics_period_count must be a whole number ≥ 0, got string "one"`);
  });

  it('a workflow config that is nowhere: Config not found, listing every path tried', () => {
    const config = loadTestbedConfig(fixture('missing-include/testbed.toml'));
    const error = configErrorOf(() => resolveWorkflow({ ...config, workflow: { ...config.workflow, config: 'absent' } }, {}, { configDirs: [FIXTURES] }));
    expect(error.message).toBe(`Config not found: absent (tried ${fixture('absent')}, ${fixture('absent.toml')}, ${fixture('absent_default.toml')})`);
  });
});

describe('config lookup (spec §5.4 step 1)', () => {
  it('tries name, name.toml, then name_default.toml', () => {
    expect(findConfigFile('broken', [fixture('missing-include')])).toBe(fixture('missing-include/broken_default.toml'));
    expect(findConfigFile('daq_state_machine', [fixture('missing-include')])).toBe(fixture('missing-include/daq_state_machine.toml'));
    expect(findConfigFile('testbed.toml', [fixture('include-cycle')])).toBe(fixture('include-cycle/testbed.toml'));
  });

  it('searches the directories in order and takes the first hit', () => {
    expect(findConfigFile('testbed', [fixture('include-cycle'), fixture('missing-include')])).toBe(fixture('include-cycle/testbed.toml'));
    expect(findConfigFile('broken', [fixture('include-cycle'), fixture('missing-include')])).toBe(fixture('missing-include/broken_default.toml'));
  });

  it('without a name `testbed run` uses <dir>/testbed.toml; a directory is never taken for a file', () => {
    expect(findTestbedFile(undefined, fixture('include-cycle'))).toBe(fixture('include-cycle/testbed.toml'));
    expect(configErrorOf(() => findConfigFile('include-cycle', [FIXTURES])).message).toMatch(/^Config not found: include-cycle \(tried /);
  });
});
