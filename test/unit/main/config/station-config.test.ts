/** `<data dir>/station.toml`: real files in temp directories; precedence flags > environment > file > defaults. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SERVE_DEFAULTS } from '../../../../main/cli/serve-command.js';
import { loadStationConfig, resolveStreamSettings, STREAM_DEFAULTS, StationConfigError, stationStompPassword } from '../../../../main/config/station-config.js';
import { resolveFastmonSettings } from '../../../../main/fastmon/settings.js';
import { stationTestbedBus } from '../../../../main/station/testbed-wiring.js';
import { DEFAULT_STOMP, DEFAULT_WAMP_REALM, DEFAULT_WAMP_URL, resolveBusSettings, resolveCommandBusSettings } from '../../../../main/testbed/bus-settings.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh data directory, with station.toml holding `text` unless it is undefined. */
function dataDir(text?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'station-config-'));
  dirs.push(dir);
  if (text !== undefined) writeFileSync(join(dir, 'station.toml'), text);
  return dir;
}

function errorOf(text: string): StationConfigError {
  const dir = dataDir(text);
  try {
    loadStationConfig(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(StationConfigError);
    return error as StationConfigError;
  }
  throw new Error('expected a StationConfigError');
}

const FULL = `# the station's testbed bus
[testbed]
bus = "stomp"

[testbed.stomp]
host = "broker.example"
port = 61613
user = "alice"
password_env = "MY_BROKER_PASSWORD"

[testbed.wamp]
url = "ws://10.0.0.5:8001/ws"
realm = "other_realm"
`;

describe('loadStationConfig', () => {
  it('a missing file (or an empty one) gives the defaults', () => {
    const missing = loadStationConfig(dataDir());
    expect(missing.found).toBe(false);
    expect(missing.testbed).toEqual({ stomp: {}, wamp: {} });
    expect([missing.stream, missing.fastmon]).toEqual([{}, {}]);
    expect(resolveBusSettings({}, {}, missing)).toEqual({ kind: 'wamp', url: DEFAULT_WAMP_URL, realm: DEFAULT_WAMP_REALM });
    const empty = loadStationConfig(dataDir(''));
    expect(empty.found).toBe(true);
    expect(empty.testbed).toEqual({ bus: undefined, stomp: {}, wamp: {} });
  });

  it('reads every key of a full file', () => {
    const dir = dataDir(FULL);
    const config = loadStationConfig(dir);
    expect(config.file).toBe(join(dir, 'station.toml'));
    expect(config.testbed).toEqual({
      bus: 'stomp',
      stomp: { host: 'broker.example', port: 61613, user: 'alice', passwordEnv: 'MY_BROKER_PASSWORD' },
      wamp: { url: 'ws://10.0.0.5:8001/ws', realm: 'other_realm' },
    });
    expect(config.lineOf(['testbed', 'stomp', 'port'])).toBe(7);
  });

  it.each([
    ['an unknown key', '[testbed]\nbus = "stomp"\nbroker = "x"\n', 3, '[testbed] broker', '[testbed] broker is not a known key (known: bus, stomp, wamp)'],
    ['an unknown table', '[testbed]\nbus = "wamp"\n\n[station]\nport = 1\n', 4, '[station]', '[station] is not a known key (known: testbed, stream, fastmon, access)'],
    ['an unknown stomp key', '[testbed.stomp]\nhost = "h"\nvhost = "/"\n', 3, '[testbed.stomp] vhost', '[testbed.stomp] vhost is not a known key (known: host, port, user, password_env)'],
    [
      'a password in the file',
      '[testbed.stomp]\nuser = "admin"\npassword = "secret"\n',
      3,
      '[testbed.stomp] password',
      '[testbed.stomp] password is not allowed: put the password in an environment variable and name it with password_env',
    ],
    ['a bus that does not exist', '[testbed]\nbus = "kafka"\n', 2, '[testbed] bus', '[testbed] bus must be "wamp" (the embedded router) or "stomp" (ActiveMQ), got string "kafka"'],
    ['a port as a string', '[testbed.stomp]\nhost = "h"\nport = "61613"\n', 3, '[testbed.stomp] port', '[testbed.stomp] port must be a TCP port (an integer 1-65535), got string "61613"'],
    ['a port out of range', '[testbed.stomp]\nport = 70000\n', 2, '[testbed.stomp] port', '[testbed.stomp] port must be a TCP port (an integer 1-65535), got integer 70000'],
    ['an empty host', '[testbed.stomp]\nhost = " "\n', 2, '[testbed.stomp] host', '[testbed.stomp] host must be a host name or address, got string " "'],
    ['a password_env that is no variable name', '[testbed.stomp]\npassword_env = "$PW"\n', 2, '[testbed.stomp] password_env', '[testbed.stomp] password_env must name an environment variable (letters, digits and _), got string "$PW"'],
    ['a wamp url that is not ws://', '[testbed.wamp]\nurl = "http://x:8001/ws"\n', 2, '[testbed.wamp] url', '[testbed.wamp] url must be a ws:// or wss:// URL, got string "http://x:8001/ws"'],
    ['a realm that is a number', '[testbed.wamp]\nrealm = 3\n', 2, '[testbed.wamp] realm', '[testbed.wamp] realm must be a string, got integer 3'],
    ['testbed as a value', 'testbed = "stomp"\n', 1, 'testbed', 'testbed must be a table, got string "stomp"'],
  ])('%s: one error naming file, line and key', (_name, text, line, key, problem) => {
    const error = errorOf(text);
    expect(error.message).toBe(`${error.file}:${line}: ${problem}`);
    expect(error.file).toMatch(/station-config-.*\/station\.toml$/);
    expect([error.line, error.key, error.problem]).toEqual([line, key, problem]);
    expect(error.message).not.toContain('\n');
  });

  it('the first problem in file order wins', () => {
    const error = errorOf('[testbed]\nbus = "nope"\n[testbed.stomp]\nport = "x"\n');
    expect(error.line).toBe(2);
  });

  it('a TOML syntax error names line, column and key', () => {
    const error = errorOf('[testbed.stomp]\nhost = "h"\nport = 6161x\n');
    expect(error.message).toMatch(/\/station\.toml:3:\d+: TOML syntax error: .* \(at \[testbed\.stomp\] port\)$/);
    expect([error.line, error.key]).toEqual([3, '[testbed.stomp] port']);
  });

  it('an unreadable station.toml (a directory) is an error, not the defaults', () => {
    const dir = dataDir();
    mkdirSync(join(dir, 'station.toml'));
    expect(() => loadStationConfig(dir)).toThrow(/station\.toml: cannot read the file \(EISDIR\)/);
  });
});

describe('password_env', () => {
  it('resolves the password from the named variable', () => {
    const config = loadStationConfig(dataDir(FULL));
    expect(stationStompPassword(config, { MY_BROKER_PASSWORD: 's3cret' })).toBe('s3cret');
    expect(resolveBusSettings({}, { MY_BROKER_PASSWORD: 's3cret' }, config)).toMatchObject({ kind: 'stomp', password: 's3cret' });
  });

  it('a named variable that is not set is an error at the password_env line', () => {
    const config = loadStationConfig(dataDir(FULL));
    expect(() => resolveBusSettings({}, {}, config)).toThrow(`${config.file}:9: [testbed.stomp] password_env names MY_BROKER_PASSWORD, which is not set in the environment`);
  });

  it('ACTIVEMQ_PASSWORD and --stomp-password come first (the variable is then not needed)', () => {
    const config = loadStationConfig(dataDir(FULL));
    expect(resolveBusSettings({}, { ACTIVEMQ_PASSWORD: 'env', MY_BROKER_PASSWORD: 'file' }, config)).toMatchObject({ password: 'env' });
    expect(resolveBusSettings({ stompPassword: 'flag' }, {}, config)).toMatchObject({ password: 'flag' });
  });

  it('no password_env: the default password', () => {
    const config = loadStationConfig(dataDir('[testbed]\nbus = "stomp"\n'));
    expect(resolveBusSettings({}, {}, config)).toEqual({ kind: 'stomp', ...DEFAULT_STOMP });
  });
});

describe('precedence: flags > environment > station.toml > defaults', () => {
  const env = { MY_BROKER_PASSWORD: 'pw' };

  it('the file alone', () => {
    const dir = dataDir(FULL);
    expect(resolveCommandBusSettings({}, dir, env)).toEqual({ kind: 'stomp', host: 'broker.example', port: 61613, user: 'alice', password: 'pw' });
  });

  it('the environment over the file, key by key', () => {
    const config = loadStationConfig(dataDir(FULL));
    expect(resolveBusSettings({}, { ...env, ACTIVEMQ_HOST: 'envhost', ACTIVEMQ_PORT: '1234' }, config)).toEqual({ kind: 'stomp', host: 'envhost', port: 1234, user: 'alice', password: 'pw' });
    expect(resolveBusSettings({}, { ...env, STATION_TESTBED_BUS: 'wamp' }, config)).toEqual({ kind: 'wamp', url: 'ws://10.0.0.5:8001/ws', realm: 'other_realm' });
    expect(resolveBusSettings({}, { STATION_TESTBED_BUS: 'wamp', STATION_WAMP_URL: 'ws://env:1/ws' }, config)).toEqual({ kind: 'wamp', url: 'ws://env:1/ws', realm: 'other_realm' });
  });

  it('flags over the environment and the file', () => {
    const config = loadStationConfig(dataDir(FULL));
    const all = { ...env, STATION_TESTBED_BUS: 'stomp', ACTIVEMQ_HOST: 'envhost', ACTIVEMQ_USER: 'envuser' };
    expect(resolveBusSettings({ stompHost: 'flaghost', stompPort: '999' }, all, config)).toEqual({ kind: 'stomp', host: 'flaghost', port: 999, user: 'envuser', password: 'pw' });
    expect(resolveBusSettings({ bus: 'wamp', wampRealm: 'flagrealm' }, all, config)).toEqual({ kind: 'wamp', url: 'ws://10.0.0.5:8001/ws', realm: 'flagrealm' });
  });

  it('the station itself: its embedded router unless the file or the environment says otherwise', () => {
    expect(stationTestbedBus(loadStationConfig(dataDir()), {})).toBeUndefined();
    expect(stationTestbedBus(loadStationConfig(dataDir('[testbed]\nbus = "wamp"\n[testbed.wamp]\nrealm = "r"\n')), {})).toBeUndefined();
    const stomp = loadStationConfig(dataDir(FULL));
    expect(stationTestbedBus(stomp, env)).toEqual({ kind: 'stomp', host: 'broker.example', port: 61613, user: 'alice', password: 'pw' });
    expect(stationTestbedBus(stomp, { STATION_TESTBED_BUS: 'wamp' })).toEqual({ kind: 'wamp', url: 'ws://10.0.0.5:8001/ws', realm: 'other_realm' });
    const plain = loadStationConfig(dataDir('[testbed]\nbus = "stomp"\n'));
    expect(stationTestbedBus(plain, { STATION_TESTBED_BUS: 'wamp' })).toBeUndefined();
  });
});

const STREAM_AND_FASTMON = `[stream]
enabled = false
host = "0.0.0.0"
port = 9000

[fastmon]
seed = "run-42"
selection_fraction = 0.5
tf_files_per_stf = 3
tf_count_per_stf = 200
tf_size_fraction = 0.25
watch_dirs = ["/data/stf", "/data/stf2"]
poll_interval_s = 0.5
`;

describe('[stream] and [fastmon]', () => {
  it('reads every key, typed', () => {
    const config = loadStationConfig(dataDir(STREAM_AND_FASTMON));
    expect(config.stream).toEqual({ enabled: false, host: '0.0.0.0', port: 9000 });
    expect(config.fastmon).toEqual({
      seed: 'run-42',
      selectionFraction: 0.5,
      tfFilesPerStf: 3,
      tfCountPerStf: 200,
      tfSizeFraction: 0.25,
      watchDirs: ['/data/stf', '/data/stf2'],
      pollIntervalS: 0.5,
    });
    expect(config.lineOf(['fastmon', 'watch_dirs'])).toBe(12);
  });

  it('absent keys stay undefined (left out of the typed objects)', () => {
    const config = loadStationConfig(dataDir('[stream]\nport = 0\n[fastmon]\nseed = "s"\n'));
    expect(config.stream).toEqual({ port: 0 });
    expect(config.fastmon).toEqual({ seed: 's' });
  });

  it('the stream settings: options > station.toml > defaults, whose port is station serve\'s', () => {
    expect(STREAM_DEFAULTS).toEqual({ enabled: true, host: '127.0.0.1', port: 8765 });
    expect(STREAM_DEFAULTS.port).toBe(SERVE_DEFAULTS.port);
    expect(STREAM_DEFAULTS.host).toBe(SERVE_DEFAULTS.host);
    expect(resolveStreamSettings(loadStationConfig(dataDir()))).toEqual(STREAM_DEFAULTS);
    const file = loadStationConfig(dataDir('[stream]\nport = 9000\n'));
    expect(resolveStreamSettings(file)).toEqual({ enabled: true, host: '127.0.0.1', port: 9000 });
    expect(resolveStreamSettings(file, { port: 0, host: undefined })).toEqual({ enabled: true, host: '127.0.0.1', port: 0 });
    expect(resolveStreamSettings(loadStationConfig(dataDir(STREAM_AND_FASTMON)), { enabled: true })).toEqual({ enabled: true, host: '0.0.0.0', port: 9000 });
  });

  it('the file accepts what the fastmon agent accepts, at the edges of its ranges', () => {
    const config = loadStationConfig(dataDir('[fastmon]\nselection_fraction = 0\ntf_size_fraction = 1\ntf_files_per_stf = 1\ntf_count_per_stf = 1\n'));
    const { seed, selectionFraction, tfFilesPerStf, tfCountPerStf, tfSizeFraction } = config.fastmon;
    expect(resolveFastmonSettings({ seed, selectionFraction, tfFilesPerStf, tfCountPerStf, tfSizeFraction }).sampling).toMatchObject({
      selectionFraction: 0,
      tfSizeFraction: 1,
      tfFilesPerStf: 1,
      tfCountPerStf: 1,
    });
  });

  it.each([
    ['an unknown stream key', '[stream]\nbind = "x"\n', 2, '[stream] bind', '[stream] bind is not a known key (known: enabled, host, port)'],
    ['enabled as a string', '[stream]\nenabled = "yes"\n', 2, '[stream] enabled', '[stream] enabled must be true or false, got string "yes"'],
    ['an empty host', '[stream]\nhost = ""\n', 2, '[stream] host', '[stream] host must be a host name or address, got string ""'],
    ['a port out of range', '[stream]\nport = 65536\n', 2, '[stream] port', '[stream] port must be a TCP port (an integer 0-65535; 0 picks a free one), got integer 65536'],
    ['a port as a float', '[stream]\nenabled = true\nport = 80.5\n', 3, '[stream] port', '[stream] port must be a TCP port (an integer 0-65535; 0 picks a free one), got float 80.5'],
    [
      'an unknown fastmon key',
      '[fastmon]\nmode = "continuous"\n',
      2,
      '[fastmon] mode',
      '[fastmon] mode is not a known key (known: seed, selection_fraction, tf_files_per_stf, tf_count_per_stf, tf_size_fraction, watch_dirs, poll_interval_s)',
    ],
    ['a seed that is a number', '[fastmon]\nseed = 42\n', 2, '[fastmon] seed', '[fastmon] seed must be a string, got integer 42'],
    ['a fraction above 1', '[fastmon]\nselection_fraction = 1.5\n', 2, '[fastmon] selection_fraction', '[fastmon] selection_fraction must be a fraction (a number 0-1), got float 1.5'],
    ['a negative fraction', '[fastmon]\ntf_size_fraction = -0.1\n', 2, '[fastmon] tf_size_fraction', '[fastmon] tf_size_fraction must be a fraction (a number 0-1), got float -0.1'],
    ['zero files per STF', '[fastmon]\ntf_files_per_stf = 0\n', 2, '[fastmon] tf_files_per_stf', '[fastmon] tf_files_per_stf must be a whole number >= 1, got integer 0'],
    ['a fractional TF count', '[fastmon]\ntf_count_per_stf = 2.5\n', 2, '[fastmon] tf_count_per_stf', '[fastmon] tf_count_per_stf must be a whole number >= 1, got float 2.5'],
    ['watch_dirs as a string', '[fastmon]\nwatch_dirs = "/data"\n', 2, '[fastmon] watch_dirs', '[fastmon] watch_dirs must be an array of directory paths (non-empty strings), got string "/data"'],
    [
      'a watch_dirs item that is no path',
      '[fastmon]\nseed = "s"\nwatch_dirs = ["/data", 3]\n',
      3,
      '[fastmon] watch_dirs',
      '[fastmon] watch_dirs must be an array of directory paths (non-empty strings), got integer 3 (item 2)',
    ],
    ['an empty watch dir', '[fastmon]\nwatch_dirs = [" "]\n', 2, '[fastmon] watch_dirs', '[fastmon] watch_dirs must be an array of directory paths (non-empty strings), got string " " (item 1)'],
    ['a zero poll interval', '[fastmon]\npoll_interval_s = 0\n', 2, '[fastmon] poll_interval_s', '[fastmon] poll_interval_s must be a number of seconds > 0, got integer 0'],
    ['stream as a value', 'stream = true\n', 1, 'stream', 'stream must be a table, got boolean true'],
  ])('%s: one error naming file, line and key', (_name, text, line, key, problem) => {
    const error = errorOf(text);
    expect(error.message).toBe(`${error.file}:${line}: ${problem}`);
    expect([error.line, error.key, error.problem]).toEqual([line, key, problem]);
    expect(error.message).not.toContain('\n');
  });
});
