import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseParam } from '../../../../../main/cli/testbed-command.js';
import { busArguments, resolveBusSettings } from '../../../../../main/testbed/bus-settings.js';
import { DEFAULT_TESTBED_CONFIG_DIR } from '../../../../../main/testbed/config/index.js';
import { checkConfig, fastmonArguments, formatStatus, programsFor, pythonList } from '../../../../../main/testbed/orchestrator/index.js';

describe('resolveBusSettings', () => {
  it('defaults to the embedded router', () => {
    expect(resolveBusSettings({}, {})).toEqual({ kind: 'wamp', url: 'ws://127.0.0.1:8001/ws', realm: 'test_realm' });
  });
  it('takes flags over the environment and ACTIVEMQ_* for stomp', () => {
    const env = { STATION_TESTBED_BUS: 'stomp', ACTIVEMQ_HOST: 'mq', ACTIVEMQ_PORT: '61613', ACTIVEMQ_USER: 'u', ACTIVEMQ_PASSWORD: 'p' };
    expect(resolveBusSettings({}, env)).toEqual({ kind: 'stomp', host: 'mq', port: 61613, user: 'u', password: 'p' });
    expect(resolveBusSettings({ stompPort: '7000', stompHost: 'h' }, env)).toMatchObject({ host: 'h', port: 7000 });
    expect(resolveBusSettings({ bus: 'wamp', wampUrl: 'ws://x:1/ws' }, env)).toEqual({ kind: 'wamp', url: 'ws://x:1/ws', realm: 'test_realm' });
  });
  it('names the bad flag or variable', () => {
    expect(() => resolveBusSettings({ bus: 'amqp' }, {})).toThrow(/--bus must be "wamp".*got "amqp"/);
    expect(() => resolveBusSettings({ bus: 'stomp' }, { ACTIVEMQ_PORT: 'x' })).toThrow(/ACTIVEMQ_PORT must be a TCP port/);
    expect(() => resolveBusSettings({ wampUrl: 'http://x' }, {})).toThrow(/--wamp-url must be a ws/);
  });
  it('keeps the STOMP password out of argv', () => {
    const { args, env } = busArguments({ kind: 'stomp', host: 'h', port: 1, user: 'u', password: 'secret' });
    expect(args.join(' ')).not.toContain('secret');
    expect(env).toEqual({ ACTIVEMQ_PASSWORD: 'secret' });
  });
});

describe('programsFor', () => {
  it('runs the runner plus every enabled agent of the shipped config; fastmon gets the workflow sampling rate', () => {
    const { config, workflow } = checkConfig(undefined, {}, [DEFAULT_TESTBED_CONFIG_DIR]);
    const context = { dataDir: '/d', bus: { kind: 'wamp', url: 'ws://h:1/ws', realm: 'r' }, stationBin: '/b/station.js', nodePath: '/n' } as const;
    const { programs, skipped } = programsFor(config, context, workflow.sections);
    expect(programs.map((p) => p.name)).toEqual(['workflow-runner', 'example-data-agent', 'example-fastmon-agent', 'fast-processing-agent']);
    expect(skipped).toEqual([]);
    expect(programs[0].command).toEqual(['/n', '/b/station.js', 'agent', 'testbed-workflow-runner', '--namespace', 'torre1', '--data-dir', '/d', '--bus', 'wamp', '--wamp-url', 'ws://h:1/ws', '--wamp-realm', 'r', '--testbed-config', config.file]);
    expect(programs[1].command).toContain('testbed-data');
    expect(programs[2].command).toEqual(['/n', '/b/station.js', 'agent', 'fastmon', '--namespace', 'torre1', '--data-dir', '/d', '--bus', 'wamp', '--wamp-url', 'ws://h:1/ws', '--wamp-realm', 'r', '--selection-fraction', '1']);
    expect(programs.every((p) => p.autorestart === true && p.stopsignal === 'TERM')).toBe(true);
  });

  it('passes a stf_sampling_rate param to fastmon, and nothing when the workflow has no usable rate', () => {
    const { config, workflow } = checkConfig(undefined, { stf_sampling_rate: 0.25 }, [DEFAULT_TESTBED_CONFIG_DIR]);
    expect(fastmonArguments(workflow.sections)).toEqual(['--selection-fraction', '0.25']);
    expect(programsFor(config, { dataDir: '/d', bus: { kind: 'wamp', url: 'ws://h:1/ws', realm: 'r' }, stationBin: '/b', nodePath: '/n' }).programs[2].command).not.toContain('--selection-fraction');
    expect(fastmonArguments({ fast_processing: { stf_sampling_rate: 0 } })).toEqual([]);
    expect(fastmonArguments({ fast_processing: { stf_sampling_rate: 'high' } })).toEqual([]);
  });
});

describe('checkConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-cfg-'));
  it('says Config not found with every path tried', () => {
    expect(() => checkConfig('nope', {}, [dir])).toThrow(/^Config not found: nope \(tried .*nope\.toml.*nope_default\.toml/);
  });
  it('names file and line of a missing namespace', () => {
    writeFileSync(join(dir, 'nons.toml'), '[testbed]\nnamespace = ""\n');
    expect(() => checkConfig('nons', {}, [dir])).toThrow(/nons\.toml:2: namespace not set in \[testbed\] section/);
  });
  it('finds name_default.toml and merges params', () => {
    writeFileSync(join(dir, 'mine_default.toml'), '[testbed]\nnamespace = "ns1"\n[workflow]\nconfig = "fast_processing_default"\n');
    const { config, workflow } = checkConfig('mine', { stf_count: 3 }, [dir, DEFAULT_TESTBED_CONFIG_DIR]);
    expect(config.namespace).toBe('ns1');
    expect(workflow.daq.stf_count).toBe(3);
  });
});

describe('CLI helpers', () => {
  it('parses --param values', () => {
    expect(parseParam('stf_count=10')).toEqual(['stf_count', 10]);
    expect(parseParam('realtime=false')).toEqual(['realtime', false]);
    expect(parseParam('name=abc')).toEqual(['name', 'abc']);
    expect(() => parseParam('oops')).toThrow(/key=value/);
  });
  it('prints lists like Python', () => {
    expect(pythonList(['workflow-runner', 'example-data-agent'])).toBe("['workflow-runner', 'example-data-agent']");
  });
  it('formats an idle status', () => {
    const text = formatStatus({ supervisordInstalled: true, supervisordRunning: false, supervisordMessage: null, programs: [], agents: [], executions: [] });
    expect(text).toContain('supervisord: not running');
    expect(text).toContain('Running workflows:\n  none');
  });
});
