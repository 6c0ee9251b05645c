/**
 * The message stream in desktop mode (createStation({ mode: 'electron' }) under plain Node): its own
 * loopback listener from station.toml `[stream]` or the `stream` option, real sockets throughout.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStation, type Station, type StationOptions } from '../../../main/station/index.js';
import { freePort } from '../../helpers/net.js';
import { rawGet } from '../serve/http-get.js';
import { connected, messageIds, openSse } from '../serve/sse-client.js';

const dirs: string[] = [];
const stations: Station[] = [];
afterEach(async () => {
  for (const station of stations.splice(0)) await station.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A station in a fresh data directory (with station.toml holding `toml` when given); returns it and its log. */
async function start(options: Partial<StationOptions> & { toml?: string } = {}): Promise<{ station: Station; logs: string[]; dataDir: string }> {
  const { toml, ...rest } = options;
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desktop-stream-'));
  dirs.push(dataDir);
  if (toml !== undefined) writeFileSync(join(dataDir, 'station.toml'), toml);
  const logs: string[] = [];
  const station = await createStation({
    mode: 'electron',
    wampPort: 0,
    demo: false,
    smurf: false,
    dataDir,
    supervisordPath: '/nonexistent/supervisord',
    log: (level, message) => logs.push(`${level}: ${message}`),
    ...rest,
  });
  stations.push(station);
  return { station, logs, dataDir };
}

const portOf = (url: string) => Number(new URL(url).port);

/** Whether anything accepts connections on 127.0.0.1:port. */
async function listening(port: number): Promise<boolean> {
  return rawGet(port, '/').then(
    () => true,
    (error: NodeJS.ErrnoException) => (error.code === 'ECONNREFUSED' ? false : Promise.reject(error)),
  );
}

function record(station: Station, sequence: number): number {
  const body = { msg_type: 'stf_gen', sender: 'daq-agent-1', namespace: 'desktop', run_id: '1', sequence };
  return station.store.testbed.recordMessage({ destination: '/topic/epictopic', body, receivedAt: Date.now() }).id;
}

describe('the message stream in desktop mode', () => {
  it('serves the authenticated stream on loopback, and station.close() stops it', async () => {
    const { station, logs } = await start({ stream: { port: 0 } });
    expect(station.streamUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/messages\/stream\/$/);
    const port = portOf(station.streamUrl!);
    expect(logs).toContain(`info: message stream ${station.streamUrl} (Authorization: Token <key>; create one with: station keys create NAME)`);
    expect(logs.filter((line) => line.startsWith('warn: message stream'))).toEqual([]);

    const refused = await rawGet(port, '/api/messages/stream/');
    expect([refused.status, JSON.parse(refused.body)]).toEqual([401, { detail: 'Authentication credentials were not provided.' }]);
    const other = await rawGet(port, '/', { Authorization: 'Token x' });
    expect([other.status, other.headers['content-type']]).toEqual([404, 'application/json']);
    expect(JSON.parse(other.body)).toEqual({ detail: 'Not found: this listener serves only /api/messages/stream/' });

    const key = station.store.apiKeys.create('desktop client').key;
    const client = await openSse(port, { token: key });
    expect([client.status, client.headers['content-type']]).toEqual([200, 'text/event-stream']);
    await connected(client);
    const ids = [record(station, 1), record(station, 2)];
    await expect.poll(() => messageIds(client), { timeout: 5000 }).toEqual(ids);

    stations.splice(stations.indexOf(station), 1);
    await station.close();
    await client.ended;
    expect(await listening(port)).toBe(false);
  });

  it('takes host and port from station.toml [stream]', async () => {
    const port = await freePort();
    const { station } = await start({ toml: `[stream]\nhost = "127.0.0.1"\nport = ${port}\n` });
    expect(station.streamUrl).toBe(`http://127.0.0.1:${port}/api/messages/stream/`);
    expect((await rawGet(port, '/api/messages/stream/')).status).toBe(401);
  });

  it('a port already taken: one warning naming host:port and station.toml, and the station still runs', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { station, logs, dataDir } = await start({ toml: `[stream]\nport = ${port}\n` });
      expect(station.streamUrl).toBeNull();
      const warnings = logs.filter((line) => line.startsWith('warn: message stream'));
      expect(warnings).toEqual([
        `warn: message stream: cannot listen on 127.0.0.1:${port} (the port is in use); the station runs without it. ` +
          `Set another port under [stream] in ${join(dataDir, 'station.toml')} (port = 0 picks a free one) or turn it off with enabled = false`,
      ]);
      const info = await station.table.invoke('app:info', undefined);
      expect(info).toMatchObject({ ok: true, value: { mode: 'electron' } });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('enabled = false (file or option): no listener', async () => {
    const port = await freePort();
    const fromFile = await start({ toml: `[stream]\nenabled = false\nport = ${port}\n` });
    expect(fromFile.station.streamUrl).toBeNull();
    expect(fromFile.logs.filter((line) => line.includes('message stream'))).toEqual([]);
    expect(await listening(port)).toBe(false);
    // The option wins over the file.
    const fromOption = await start({ toml: `[stream]\nport = ${port}\n`, stream: { enabled: false } });
    expect(fromOption.station.streamUrl).toBeNull();
    expect(await listening(port)).toBe(false);
  });

  it('a non-loopback host is allowed, with a warning naming the exposure', async () => {
    const { station, logs } = await start({ stream: { host: '0.0.0.0', port: 0 } });
    expect(station.streamUrl).toMatch(/^http:\/\/0\.0\.0\.0:\d+\/api\/messages\/stream\/$/);
    expect(logs).toContain('warn: message stream: listening on 0.0.0.0, reachable from other machines; anyone holding an API key can read every recorded testbed message');
    expect((await rawGet(portOf(station.streamUrl!), '/api/messages/stream/')).status).toBe(401);
  });

  it('headless mode starts no listener of its own (station serve mounts the stream on its server)', async () => {
    const port = await freePort();
    const { station } = await start({ mode: 'headless', stream: { port } });
    expect(station.streamUrl).toBeNull();
    expect(await listening(port)).toBe(false);
  });
});
