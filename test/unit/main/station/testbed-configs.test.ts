import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestbedConfigs } from '../../../../main/station/testbed-configs.js';
import { DEFAULT_TESTBED_CONFIG_DIR } from '../../../../main/testbed/config/index.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'testbed');
const SHIPPED = readFileSync(join(DEFAULT_TESTBED_CONFIG_DIR, 'testbed.toml'), 'utf8');

describe('TestbedConfigs', () => {
  let root: string;
  let configs: TestbedConfigs;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'testbed-configs-'));
    configs = new TestbedConfigs({ userDir: join(root, 'testbed', 'configs') });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists the shipped testbed files (not the workflow configs) and the user ones first', () => {
    expect(configs.list().map((entry) => `${entry.source}:${entry.name}`)).toEqual(['builtin:fast_processing_default', 'builtin:testbed']);
    configs.save('mine', SHIPPED);
    const listed = configs.list();
    expect(listed[0]).toEqual({ name: 'mine', file: join(root, 'testbed', 'configs', 'mine.toml'), source: 'user', editable: true });
    expect(listed.filter((entry) => entry.source === 'builtin').every((entry) => !entry.editable)).toBe(true);
  });

  it('validates good text with its namespace, agents and workflow', () => {
    expect(configs.validate(SHIPPED)).toEqual({
      ok: true,
      errors: [],
      namespace: 'torre1',
      enabledAgents: ['data', 'fastmon', 'fast_processing'],
      workflow: { name: 'stf_datataking', config: 'fast_processing_default', realtime: true },
    });
  });

  it.each([
    ['syntax-error.toml', 'TOML syntax error'],
    ['unknown-agent.toml', 'not a known agent'],
    ['realtime-int.toml', 'realtime'],
    ['missing-testbed.toml', 'namespace not set'],
    ['two-mistakes.toml', 'realtime'],
  ])('locates the problem of %s for the editor (line and key)', (fixture, text) => {
    const source = readFileSync(join(FIXTURES, fixture), 'utf8');
    const result = configs.validate(source, 'edited');
    expect(result.ok).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].message).toContain(text);
    // The message is the problem alone: the editor shows the line next to it.
    expect(result.errors[0].message).not.toContain('edited.toml');
    if (fixture !== 'missing-testbed.toml') expect(result.errors[0].line).toBeGreaterThan(0);
  });

  it('reports a missing workflow config without a line in the edited text', () => {
    const result = configs.validate(SHIPPED.replace('config = "fast_processing_default"', 'config = "nope"'));
    expect(result.ok).toBe(false);
    expect(result.errors[0].message).toContain('Config not found: nope');
  });

  it('saves atomically under the user dir and refuses invalid text, writing nothing', () => {
    const entry = configs.save('mine.toml', SHIPPED);
    expect(entry.name).toBe('mine');
    expect(readFileSync(entry.file, 'utf8')).toBe(SHIPPED);
    expect(() => configs.save('broken', '[testbed\n')).toThrow(/not saved, the config has an error: line 1: TOML syntax error/);
    expect(existsSync(join(configs.userDir, 'broken.toml'))).toBe(false);
    expect(readdirSync(configs.userDir)).toEqual(['mine.toml']);
  });

  it('reads a config by name and source; an unknown one is a bad request', () => {
    expect(configs.read('testbed', 'builtin').text).toBe(SHIPPED);
    expect(() => configs.read('testbed', 'user')).toThrow('no user testbed config named "testbed"');
    mkdirSync(configs.userDir, { recursive: true });
    writeFileSync(join(configs.userDir, 'notes.toml'), 'title = "not a testbed"\n');
    expect(() => configs.read('notes', 'user')).toThrow(/no user testbed config/);
  });
});
