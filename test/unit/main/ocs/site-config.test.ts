import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentAddress, loadSiteConfig, parseSiteConfig, resolveInstance, SiteConfigError } from '../../../../main/ocs/site-config.js';

const GOOD = `
hub:
  wamp_server: ws://127.0.0.1:8001/ws
  wamp_http: http://127.0.0.1:8001/call
  wamp_realm: test_realm
  address_root: observatory
  access_policy: director:access-dir
hosts:
  localhost:
    log-dir: /var/log/ocs
    crossbar: {}
    agent-instances:
      - agent-class: RegistryAgent
        instance-id: registry
        arguments: []
      - agent-class: FakeDataAgent
        instance-id: fake-data1
        arguments: [['--mode', 'acq'], ['--num-channels', 16], '--test', [[yes]]]
        manage: docker/down
  daq.example.org:
    wamp_server: ws://daq-router:8001/ws
    wamp_realm: daq_realm
    crossbar_timeout: 0
    agent-paths: [/opt/agents]
    agent-instances:
      - {agent-class: HostManager, instance-id: hm-daq, manage: yes}
  empty-host:
`;

describe('parseSiteConfig on a good file', () => {
  it('reads the hub and falls back to the localhost block', () => {
    const config = parseSiteConfig(GOOD, 'site.yaml', { host: 'some-other-machine' });
    expect(config.hub).toEqual({
      wampServer: 'ws://127.0.0.1:8001/ws',
      wampHttp: 'http://127.0.0.1:8001/call',
      realm: 'test_realm',
      addressRoot: 'observatory',
      accessPolicy: 'director:access-dir',
      registryAddress: null,
    });
    expect(config.host).toEqual({ name: 'localhost', logDir: '/var/log/ocs', crossbar: { configDir: null, bin: null }, crossbarTimeout: 10, agentPaths: [] });
    expect(config.hostNames).toEqual(['localhost', 'daq.example.org', 'empty-host']);
  });

  it('flattens arguments and str()s values like Python', () => {
    const config = parseSiteConfig(GOOD, 'site.yaml', { host: 'localhost' });
    expect(config.instances).toEqual([
      { agentClass: 'RegistryAgent', instanceId: 'registry', address: 'observatory.registry', arguments: [], manage: null },
      {
        agentClass: 'FakeDataAgent',
        instanceId: 'fake-data1',
        address: 'observatory.fake-data1',
        arguments: ['--mode', 'acq', '--num-channels', '16', '--test', 'True'],
        manage: 'docker/down',
      },
    ]);
  });

  it('renders numbers as PyYAML + str() would, from their source text', () => {
    const text = `${'hub: {wamp_server: "ws://h:1/ws", wamp_realm: r, address_root: o}'}
hosts:
  localhost:
    agent-instances:
      - agent-class: A
        instance-id: a
        arguments: [['--rate', 2.0], ['--n', 0x10], '--exp', 1e3, .5, -3, 1_000, ~, [[on, &x 'same']], *x]
`;
    expect(parseSiteConfig(text, 'site.yaml', { host: 'localhost' }).instances[0].arguments).toEqual([
      '--rate', '2.0', '--n', '16', '--exp', '1e3', '0.5', '-3', '1000', 'None', 'True', 'same', 'same',
    ]);
  });

  it('applies the matched host\'s wamp overrides and its own settings', () => {
    const config = parseSiteConfig(GOOD, 'site.yaml', { host: 'daq.example.org' });
    expect(config.hub).toMatchObject({ wampServer: 'ws://daq-router:8001/ws', wampHttp: 'http://127.0.0.1:8001/call', realm: 'daq_realm', addressRoot: 'observatory' });
    expect(config.host).toEqual({ name: 'daq.example.org', logDir: null, crossbar: null, crossbarTimeout: 0, agentPaths: ['/opt/agents'] });
    // YAML 1.1, as PyYAML reads it: `manage: yes` is a boolean, given back as its alias.
    expect(config.instances).toEqual([{ agentClass: 'HostManager', instanceId: 'hm-daq', address: 'observatory.hm-daq', arguments: [], manage: 'yes' }]);
  });

  it('treats an empty host block as a host without instances', () => {
    const config = parseSiteConfig(GOOD, 'site.yaml', { host: 'empty-host' });
    expect(config.host?.name).toBe('empty-host');
    expect(config.instances).toEqual([]);
  });

  it('matches os.hostname() when no host is given', () => {
    const own = `hub: {wamp_server: 'ws://h:1/ws', wamp_realm: r, address_root: o}\nhosts:\n  ${JSON.stringify(hostname())}: {agent-instances: [{agent-class: A, instance-id: mine}]}\n  localhost: {agent-instances: []}\n`;
    expect(parseSiteConfig(own, 'site.yaml').instances.map((i) => i.instanceId)).toEqual(['mine']);
  });

  it('has no host when neither the name nor localhost is listed (hub still usable)', () => {
    const config = parseSiteConfig(`hub: {wamp_server: 'ws://h:1/ws', wamp_realm: r, address_root: o}\nhosts: {other: {}}\n`, 'site.yaml', { host: 'me' });
    expect(config.host).toBeNull();
    expect(config.instances).toEqual([]);
    expect(agentAddress(config, 'registry')).toBe('o.registry');
  });
});

describe('resolveInstance', () => {
  const config = parseSiteConfig(GOOD, 'site.yaml', { host: 'localhost' });

  it('finds an instance by id', () => {
    expect(resolveInstance(config, 'fake-data1').agentClass).toBe('FakeDataAgent');
  });

  it('names the host and its ids when the instance is missing', () => {
    expect(() => resolveInstance(config, 'nope')).toThrow('site.yaml: host "localhost" has no agent instance "nope" (it has: registry, fake-data1)');
  });

  it('explains when there is no host block at all', () => {
    const hostless = parseSiteConfig(`hub: {wamp_server: 'ws://h:1/ws', wamp_realm: r, address_root: o}\n`, 'site.yaml', { host: 'me' });
    expect(() => resolveInstance(hostless, 'x')).toThrow(/^site\.yaml: no "hosts" entry for this host nor for "localhost" \(hosts: none\)/);
  });
});

const HUB = `hub:\n  wamp_server: ws://127.0.0.1:8001/ws\n  wamp_realm: test_realm\n  address_root: observatory\n`;

describe('parseSiteConfig on bad input: one clear error naming the file and the key', () => {
  it.each([
    ['a missing hub', 'hosts: {}\n', 'site.yaml: hub is required'],
    ['a missing wamp_server', 'hub:\n  wamp_realm: r\n  address_root: o\n', 'site.yaml: hub.wamp_server is required (line 2)'],
    ['a numeric realm', 'hub:\n  wamp_server: ws://h:1/ws\n  wamp_realm: 5\n  address_root: o\n', 'site.yaml: hub.wamp_realm must be a string (line 3)'],
    ['an http wamp_server', 'hub:\n  wamp_server: http://h:1/ws\n  wamp_realm: r\n  address_root: o\n', 'site.yaml: hub.wamp_server must be a ws:// or wss:// URL (line 2)'],
    ['a ws wamp_http', `${HUB}  wamp_http: ws://h/call\n`, 'site.yaml: hub.wamp_http must be an http:// or https:// URL (line 5)'],
    ['a bad address_root', 'hub:\n  wamp_server: ws://h:1/ws\n  wamp_realm: r\n  address_root: obs..x\n', 'site.yaml: hub.address_root must be dot-separated words (e.g. "observatory") (line 4)'],
    ['a bad access_policy', `${HUB}  access_policy: everyone\n`, 'site.yaml: hub.access_policy must be "none", "override:<passwords>" or "director:<instance-id>" (line 5)'],
    ['a list as hosts', `${HUB}hosts: [a, b]\n`, 'site.yaml: hosts must be a mapping of host names (line 5)'],
    ['a scalar host block', `${HUB}hosts:\n  localhost: 3\n`, 'site.yaml: hosts.localhost must be a mapping (line 6)'],
    [
      'an instance without instance-id',
      `${HUB}hosts:\n  localhost:\n    agent-instances:\n      - agent-class: A\n`,
      'site.yaml: hosts.localhost.agent-instances[0].instance-id is required (line 8)',
    ],
    [
      'an instance id with a dot',
      `${HUB}hosts:\n  daq.local:\n    agent-instances:\n      - {agent-class: A, instance-id: a.b}\n`,
      'site.yaml: hosts["daq.local"].agent-instances[0].instance-id must not contain "." or spaces (line 8)',
    ],
    [
      'a mapping in arguments',
      `${HUB}hosts:\n  localhost:\n    agent-instances:\n      - {agent-class: A, instance-id: a, arguments: [{x: 1}]}\n`,
      'site.yaml: hosts.localhost.agent-instances[0].arguments[0] must be a string, number, boolean or a list of them (line 8)',
    ],
    [
      'an unknown manage value',
      `${HUB}hosts:\n  localhost:\n    agent-instances:\n      - {agent-class: A, instance-id: a, manage: sometimes}\n`,
      'site.yaml: hosts.localhost.agent-instances[0].manage must be one of host/up, host/down, docker/up, docker/down, ignore, yes, no, docker, host, up, down (line 8)',
    ],
    ['a negative crossbar_timeout', `${HUB}hosts:\n  localhost:\n    crossbar_timeout: -1\n`, 'site.yaml: hosts.localhost.crossbar_timeout must be 0 (wait forever) or more (line 7)'],
    [
      'a duplicate instance id',
      `${HUB}hosts:\n  localhost:\n    agent-instances:\n      - {agent-class: A, instance-id: a}\n      - {agent-class: B, instance-id: a}\n`,
      'site.yaml: hosts.localhost.agent-instances[1].instance-id "a" is used twice on this host (line 9)',
    ],
    ['an empty file', '', 'site.yaml: the file must be a YAML mapping with "hub" and "hosts" keys'],
    ['a top-level list', '- a\n- b\n', 'site.yaml: the file must be a YAML mapping with "hub" and "hosts" keys'],
  ])('%s', (_what, text, message) => {
    let error: unknown;
    try {
      parseSiteConfig(text, 'site.yaml', { host: 'localhost' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SiteConfigError);
    expect((error as Error).message).toBe(message);
  });

  it('reports YAML syntax errors with their line and column', () => {
    expect(() => parseSiteConfig('hub:\n  wamp_server: [ws://h\n  wamp_realm: r\n', 'site.yaml')).toThrow(/^site\.yaml: YAML syntax error at line \d+, column \d+: /);
    expect(() => parseSiteConfig('hub:\n  a: 1\n  a: 2\n', 'site.yaml')).toThrow(/^site\.yaml: YAML syntax error at line 3, column 3: Map keys must be unique/);
  });

  it('exposes the offending key on the error', () => {
    try {
      parseSiteConfig('hub:\n  wamp_server: ws://h:1/ws\n  wamp_realm: [r]\n  address_root: o\n', 'site.yaml');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ file: 'site.yaml', key: 'hub.wamp_realm', line: 3 });
    }
  });
});

describe('loadSiteConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'site-config-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads a file and labels errors with its path', async () => {
    const good = join(dir, 'default.yaml');
    await writeFile(good, GOOD);
    expect((await loadSiteConfig(good, { host: 'localhost' })).file).toBe(good);
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'hub:\n  wamp_realm: r\n  address_root: o\n');
    await expect(loadSiteConfig(bad)).rejects.toThrow(`${bad}: hub.wamp_server is required (line 2)`);
  });

  it('says so when the file cannot be read', async () => {
    const missing = join(dir, 'missing.yaml');
    await expect(loadSiteConfig(missing)).rejects.toThrow(new RegExp(`^${missing.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: cannot read the file \\(ENOENT`));
  });
});
