/**
 * `<data dir>/station.toml` picks the testbed bus of the `station testbed …` commands (real CLI processes)
 * and of the station itself (createStation), with no broker listening on the chosen port.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestbedStatusView } from '../../../shared/testbed.js';
import { createStation } from '../../../main/station/index.js';
import { openStationStore } from '../../../main/store/index.js';
import { freePort, waitFor } from '../../helpers/net.js';
import { runStation, startStation } from '../../helpers/station.js';

// The file decides only when the environment says nothing.
const CLEAN_ENV = { STATION_TESTBED_BUS: '', ACTIVEMQ_HOST: '', ACTIVEMQ_PORT: '', ACTIVEMQ_USER: '', ACTIVEMQ_PASSWORD: undefined, STATION_WAMP_URL: '' };

let dataDir: string;
let port: number;

beforeAll(async () => {
  for (const key of Object.keys(CLEAN_ENV)) delete process.env[key];
  port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'station-config-it-'));
  writeFileSync(join(dataDir, 'station.toml'), `[testbed]\nbus = "stomp"\n\n[testbed.stomp]\nhost = "127.0.0.1"\nport = ${port}\npassword_env = "STATION_IT_BROKER_PW"\n`);
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runStation(['testbed', ...args, '--data-dir', dataDir], { ...CLEAN_ENV, STATION_IT_BROKER_PW: 'pw', ...env });
}

describe('station testbed with station.toml', () => {
  it('status --json reports the stomp bus from the file', async () => {
    const { code, out } = await cli(['status', '--json']);
    expect(code, out).toBe(0);
    expect((JSON.parse(out) as { bus: string }).bus).toBe(`ActiveMQ STOMP 127.0.0.1:${port}`);
  });

  it('flags and the environment override the file', async () => {
    expect(JSON.parse((await cli(['status', '--json'], { ACTIVEMQ_PORT: '1234' })).out)).toMatchObject({ bus: 'ActiveMQ STOMP 127.0.0.1:1234' });
    expect(JSON.parse((await cli(['status', '--json', '--bus', 'wamp'], { ACTIVEMQ_PORT: '1234' })).out)).toMatchObject({ bus: 'embedded router ws://127.0.0.1:8001/ws realm test_realm' });
  });

  it('stop-workflow talks STOMP to the file’s broker: the error names stomp://127.0.0.1:<port>', async () => {
    const store = openStationStore(dataDir);
    store.testbed.createExecution({ executionId: 'wf-it-0001', workflowName: 'wf', namespace: 'it', configName: '', params: {}, executedBy: 'it', startedAt: Date.now() });
    store.close();
    const { code, out } = await cli(['stop-workflow', 'wf-it-0001']);
    expect(code).toBe(1);
    expect(out).toContain(`Error: cannot reach the testbed bus (ActiveMQ STOMP 127.0.0.1:${port}): testbed bus: could not connect to stomp://127.0.0.1:${port}`);
  }, 40_000);

  it('a password_env naming an unset variable: the command refuses with the file line', async () => {
    const { code, out } = await cli(['status', '--json'], { STATION_IT_BROKER_PW: undefined });
    expect(code).toBe(1);
    expect(out).toBe(`Error: ${join(dataDir, 'station.toml')}:7: [testbed.stomp] password_env names STATION_IT_BROKER_PW, which is not set in the environment`);
  });

  it('a bad station.toml: one error line, nothing else', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'station-config-bad-'));
    try {
      writeFileSync(join(bad, 'station.toml'), '[testbed]\nbus = "stomp"\n[testbed.stomp]\nport = "61613"\n');
      const proc = startStation(['testbed', 'status', '--data-dir', bad], CLEAN_ENV);
      expect(await proc.exited()).toBe(1);
      expect(proc.lines).toEqual([`Error: ${join(bad, 'station.toml')}:4: [testbed.stomp] port must be a TCP port (an integer 1-65535), got string "61613"`]);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});

describe('createStation with station.toml', () => {
  it('uses the file’s bus for the testbed', async () => {
    process.env.STATION_IT_BROKER_PW = 'pw';
    const station = await createStation({ mode: 'headless', wampPort: 0, demo: false, smurf: false, dataDir, supervisordPath: '/nonexistent/supervisord' });
    try {
      const status = await waitFor(async () => {
        const envelope = await station.table.invoke('testbed:status', {});
        if (!envelope.ok) throw new Error(envelope.error.message);
        const view = envelope.value as TestbedStatusView;
        return view.bus.description === 'not connected yet' ? null : view;
      }, 10_000, 'the testbed bus chosen');
      expect(status.bus.description).toBe(`ActiveMQ STOMP 127.0.0.1:${port}`);
      expect(status.bus.state).not.toBe('connected');
    } finally {
      await station.close();
      delete process.env.STATION_IT_BROKER_PW;
    }
  });

  it('refuses to start on a bad station.toml with its one error', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'station-config-bad-'));
    try {
      writeFileSync(join(bad, 'station.toml'), '[testbed]\nbus = "activemq"\n');
      await expect(createStation({ mode: 'headless', wampPort: 0, demo: false, smurf: false, dataDir: bad })).rejects.toThrow(
        `${join(bad, 'station.toml')}:2: [testbed] bus must be "wamp" (the embedded router) or "stomp" (ActiveMQ), got string "activemq"`,
      );
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
