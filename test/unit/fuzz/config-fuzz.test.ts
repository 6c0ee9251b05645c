/**
 * Mutated testbed TOML, workflow TOML and OCS site-config YAML: each either loads or fails with the
 * loader's own error type, naming the file (and a line for problems inside the text); never another exception.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSiteConfig, SiteConfigError } from '../../../main/ocs/site-config.js';
import { DEFAULT_TESTBED_CONFIG_DIR, resolveWorkflow, TestbedConfigError } from '../../../main/testbed/config/index.js';
import { loadTestbedConfig } from '../../../main/testbed/config/testbed-config.js';
import { loadWorkflowConfig } from '../../../main/testbed/config/workflow-config.js';
import { seededRandom } from '../../helpers/fuzz-frames.js';
import { mutateText } from './mutate-text.js';

const CASES = Number(process.env.FUZZ_CASES ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1e9);
const dir = mkdtempSync(join(tmpdir(), 'config-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TESTBED = readFileSync(join(DEFAULT_TESTBED_CONFIG_DIR, 'testbed.toml'), 'utf8');
const WORKFLOW = readFileSync(join(DEFAULT_TESTBED_CONFIG_DIR, 'fast_processing_default.toml'), 'utf8');
const SITE = readFileSync(new URL('../../../resources/smurf/smurf-site.yaml', import.meta.url), 'utf8').concat(
  '\nhub:\n  wamp_server: ws://127.0.0.1:8001/ws\n  wamp_http: http://127.0.0.1:8001/call\n  wamp_realm: test_realm\n  address_root: observatory\nhosts:\n  localhost:\n    log-dir: /tmp\n    agent-instances:\n      - agent-class: RegistryAgent\n        instance-id: registry\n        arguments: [--wait-for-client]\n      - { agent-class: FakeDataAgent, instance-id: fake1, arguments: [[--mode, acq], --num-channels, 2] }\n',
);

/** Runs `load` on each mutant; any exception other than `expected` fails with the seed, case and mutations. */
function fuzz(name: string, base: string, expected: new (...args: never[]) => Error, load: (text: string, file: string) => unknown) {
  const rand = seededRandom(SEED);
  let failed = 0;
  let withLine = 0;
  for (let i = 0; i < CASES; i++) {
    const { text, ops } = mutateText(base, rand);
    const file = join(dir, `${name}-${i}`);
    const where = `seed ${SEED}, case ${i} (${ops.join('; ')})`;
    try {
      load(text, file);
    } catch (error) {
      failed++;
      expect(error, `${where}: ${(error as Error)?.stack ?? String(error)}`).toBeInstanceOf(expected);
      const message = (error as Error).message;
      // A `[workflow] config` name that matches no file is a lookup failure: by design (errors.ts) it lists every
      // path tried instead of a file and line, in the orchestrator's upstream wording.
      if (!message.startsWith('Config not found: ')) expect(message, where).toContain(file);
      expect(message.length, where).toBeLessThan(2000);
      if (/:\d+(:\d+)?: |line \d+/.test(message)) withLine++;
    }
  }
  return { failed, withLine };
}

describe(`config fuzz (seed ${SEED})`, () => {
  it(`testbed.toml: ${CASES} mutants load or throw one TestbedConfigError naming file and line`, () => {
    const { failed, withLine } = fuzz('testbed.toml', TESTBED, TestbedConfigError, (text, file) => {
      writeFileSync(file, text);
      const config = loadTestbedConfig(file);
      // Resolving pulls in the shipped workflow config: mutated values must fail there clearly too.
      resolveWorkflow(config, {}, { configDirs: [DEFAULT_TESTBED_CONFIG_DIR] });
    });
    expect(failed).toBeGreaterThan(CASES / 10);
    // Problems inside the file carry its line; only file-level ones (e.g. a missing section) may not.
    expect(withLine).toBeGreaterThan(failed * 0.5);
  });

  it(`workflow config: ${CASES} mutants load or throw one TestbedConfigError`, () => {
    const { failed } = fuzz('workflow.toml', WORKFLOW, TestbedConfigError, (text, file) => {
      writeFileSync(file, text);
      loadWorkflowConfig(file);
    });
    expect(failed).toBeGreaterThan(0);
  });

  it(`site config: ${CASES} mutants parse or throw one SiteConfigError naming file and line`, () => {
    const { failed, withLine } = fuzz('site.yaml', SITE, SiteConfigError, (text, file) => parseSiteConfig(text, file, { host: 'localhost' }));
    expect(failed).toBeGreaterThan(CASES / 10);
    expect(withLine).toBeGreaterThan(failed * 0.5);
  });
});
