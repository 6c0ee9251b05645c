import { createSocket, type Socket } from 'node:dgram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDatagram, SmurfPublisher, type SmurfDatagram } from '../../../../main/smurf/publisher.js';
import { waitFor } from '../../../helpers/net.js';

let receiver: Socket;
let port: number;
let received: SmurfDatagram[];
let sizes: number[];
const publishers: SmurfPublisher[] = [];

beforeEach(async () => {
  received = [];
  sizes = [];
  receiver = createSocket('udp4');
  receiver.on('message', (data) => {
    sizes.push(data.length);
    const parsed = parseDatagram(data);
    if (!parsed.ok) throw new Error(parsed.reason);
    received.push(parsed.message);
  });
  await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve));
  port = receiver.address().port;
});

afterEach(async () => {
  for (const publisher of publishers.splice(0)) await publisher.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

function publisher(env: NodeJS.ProcessEnv, options: ConstructorParameters<typeof SmurfPublisher>[0] = {}): SmurfPublisher {
  const created = new SmurfPublisher({ env, ...options });
  publishers.push(created);
  return created;
}

const udpEnv = () => ({ SMURFPUB_ID: 'crate1slot2', SMURFPUB_BACKEND: 'udp', SMURFPUB_UDP_HOST: '127.0.0.1', SMURFPUB_UDP_PORT: String(port) });

describe('SmurfPublisher', () => {
  it('reads SMURFPUB_*, sends start on construction with seq_no 0, then counts up', async () => {
    const pub = publisher(udpEnv(), { scriptId: 'tune.py' });
    await pub.sessionData({ stream_id: 'crate1slot2', nchans: 512 });
    await pub.sessionLog('tuning band 3');
    await pub.log('hello');
    await pub.publish([1, 2, 3]);
    await waitFor(() => received.length === 5, 2000, '5 datagrams');
    expect(received.map((m) => [m.seq_no, m.type])).toEqual([
      [0, 'start'],
      [1, 'session_data'],
      [2, 'session_log'],
      [3, 'log'],
      [4, 'general'],
    ]);
    expect(received[0]).toEqual({ host: pub.host, id: 'crate1slot2', script: 'tune.py', time: expect.any(Number), seq_no: 0, type: 'start', payload: {} });
    expect(received[1].payload).toEqual({ stream_id: 'crate1slot2', nchans: 512 });
    expect(received[2].payload).toBe('tuning band 3');
    expect(received[3].payload).toEqual({ message: 'hello' });
    expect(Math.abs(received[0].time - Date.now() / 1000)).toBeLessThan(5);
    // Exactly the seven envelope keys, nothing else.
    expect(Object.keys(received[4]).sort()).toEqual(['host', 'id', 'payload', 'script', 'seq_no', 'time', 'type']);
  });

  it('explicit options win over the environment; defaults are undeclared ids', async () => {
    const pub = publisher({ SMURFPUB_ID: 'from-env', SMURFPUB_BACKEND: 'udp', SMURFPUB_UDP_HOST: '127.0.0.1', SMURFPUB_UDP_PORT: '1' }, { id: 'explicit', udpPort: port });
    await pub.flush();
    await waitFor(() => received.length === 1, 2000, 'start');
    expect(received[0]).toMatchObject({ id: 'explicit', script: 'undeclared' });
    const bare = publisher({ SMURFPUB_BACKEND: 'udp', SMURFPUB_UDP_HOST: '127.0.0.1', SMURFPUB_UDP_PORT: String(port) });
    await bare.flush();
    await waitFor(() => received.length === 2, 2000, 'second start');
    expect(received[1]).toMatchObject({ id: 'undeclared', script: 'undeclared' });
  });

  it('registers files with the register_file payload and g3 files like smurf-streamer', async () => {
    const pub = publisher(udpEnv());
    await pub.registerFile({ path: '/data/x/1700000050_iv', type: 'iv', format: 'npy', timestamp: 1700000050, action: 'take_iv', actionTs: '1700000000' });
    await pub.g3File('/data/timestreams/17000/crate1slot2/1700000000_000.g3');
    await waitFor(() => received.length === 3, 2000, '3 datagrams');
    expect(received[1]).toMatchObject({
      type: 'data_file',
      payload: { path: '/data/x/1700000050_iv', type: 'iv', format: 'npy', timestamp: 1700000050, action: 'take_iv', action_ts: '1700000000', plot: false, pysmurf_version: 'control-station' },
    });
    expect(received[2]).toMatchObject({ type: 'g3_file', payload: { path: '/data/timestreams/17000/crate1slot2/1700000000_000.g3', archive_name: 'timestreams' } });
  });

  it('drops messages over 64000 bytes and reports them as backend_error', async () => {
    const warnings: string[] = [];
    const pub = publisher(udpEnv(), { warn: (text) => warnings.push(text) });
    expect(await pub.sessionData({ blob: 'x'.repeat(70_000) })).toBe(false);
    await pub.flush();
    await waitFor(() => received.length === 2, 2000, 'start and backend_error');
    expect(received[1]).toMatchObject({ seq_no: 2, type: 'backend_error', payload: { message: expect.stringMatching(/^Backend error: dropped large UDP packet \(\d+ bytes\)\.$/) } });
    expect(warnings[0]).toMatch(/dropped large UDP packet/);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(64000);
  });

  it('discards everything with the null backend (the default), and warns about unknown backends', async () => {
    const warnings: string[] = [];
    const quiet = publisher({ SMURFPUB_UDP_PORT: String(port) });
    const odd = publisher({ SMURFPUB_BACKEND: 'zmq', SMURFPUB_UDP_PORT: String(port) }, { warn: (text) => warnings.push(text) });
    expect(quiet.backend).toBe('null');
    expect(odd.backend).toBe('null');
    expect(await quiet.log('nobody hears this')).toBe(false);
    expect(quiet.nextSeqNo).toBe(2);
    expect(warnings).toEqual(['SmurfPublisher: no backend for "zmq", selecting null Publisher.']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toEqual([]);
  });

  it('sends stop once on close', async () => {
    const pub = new SmurfPublisher({ env: udpEnv() });
    await pub.close();
    await pub.close();
    await waitFor(() => received.length === 2, 2000, 'start and stop');
    expect(received.map((m) => m.type)).toEqual(['start', 'stop']);
  });

  it('refuses a bad SMURFPUB_UDP_PORT with the variable name', () => {
    expect(() => new SmurfPublisher({ env: { SMURFPUB_BACKEND: 'udp', SMURFPUB_UDP_PORT: 'eighty' } })).toThrow(/SMURFPUB_UDP_PORT must be a port number 1-65535 \(got "eighty"\)/);
  });
});
