import { describe, expect, it } from 'vitest';
import { dataFileFromMessage } from '../../../../main/smurf/data-file-message.js';
import type { SmurfDatagram } from '../../../../main/smurf/datagram.js';

const envelope = (type: string, payload: unknown): SmurfDatagram => ({ host: 'h', id: 'crate1slot2', script: 'take_iv.py', time: 1700000100.5, seq_no: 3, type, payload });
const registerFile = {
  path: '/data/smurf_data/20231114/crate1slot2/1700000000/outputs/1700000050_iv_analyze',
  type: 'iv',
  format: 'npy',
  timestamp: 1700000050.25,
  action: 'take_iv',
  action_ts: '1700000000',
  plot: false,
  pysmurf_version: 'v8.0.0',
};

describe('dataFileFromMessage', () => {
  it('maps a register_file payload, appending .npy for npy files as upstream', () => {
    expect(dataFileFromMessage(envelope('data_file', registerFile), 1700000101)).toEqual({
      ok: true,
      file: { path: `${registerFile.path}.npy`, type: 'iv', format: 'npy', action: 'take_iv', actionTs: '1700000000', plot: false, pubId: 'crate1slot2', timestamp: 1700000050.25, receivedAt: 1700000101, source: 'data_file' },
    });
  });

  it('keeps a path that already ends in .npy, other formats as they are, and plots', () => {
    const npy = dataFileFromMessage(envelope('data_file', { ...registerFile, path: '/x/a.npy' }), 1);
    expect(npy.ok && npy.file.path).toBe('/x/a.npy');
    const png = dataFileFromMessage(envelope('data_file', { ...registerFile, path: '/x/a.png', format: 'png', plot: true }), 1);
    expect(png.ok && png.file).toMatchObject({ path: '/x/a.png', format: 'png', plot: true });
  });

  it('fills what a minimal publisher leaves out: no action, envelope time, empty format', () => {
    const minimal = dataFileFromMessage(envelope('data_file', { path: '/x/tune.txt', type: 'tune' }), 5);
    expect(minimal).toEqual({ ok: true, file: { path: '/x/tune.txt', type: 'tune', format: '', action: null, actionTs: null, plot: false, pubId: 'crate1slot2', timestamp: 1700000100.5, receivedAt: 5, source: 'data_file' } });
    const numericTs = dataFileFromMessage(envelope('data_file', { path: '/x', type: 't', action_ts: 1700000000 }), 5);
    expect(numericTs.ok && numericTs.file.actionTs).toBe('1700000000');
  });

  it('maps g3_file (smurf-streamer) to type g3, ignoring archive_name', () => {
    const g3 = dataFileFromMessage({ ...envelope('g3_file', { path: '/data/timestreams/17000/crate1slot2/1700000000_000.g3', archive_name: 'timestreams' }), id: 'STREAMER:crate1slot2' }, 9);
    expect(g3).toEqual({
      ok: true,
      file: { path: '/data/timestreams/17000/crate1slot2/1700000000_000.g3', type: 'g3', format: 'g3', action: null, actionTs: null, plot: false, pubId: 'STREAMER:crate1slot2', timestamp: 1700000100.5, receivedAt: 9, source: 'g3_file' },
    });
  });

  it('refuses payloads without a usable path, and other message types', () => {
    expect(dataFileFromMessage(envelope('data_file', 'oops'), 1)).toEqual({ ok: false, reason: 'data_file payload must be an object' });
    expect(dataFileFromMessage(envelope('data_file', { type: 'iv' }), 1)).toEqual({ ok: false, reason: 'data_file payload needs a non-empty string "path"' });
    expect(dataFileFromMessage(envelope('g3_file', { path: 3 }), 1)).toEqual({ ok: false, reason: 'g3_file payload needs a non-empty string "path"' });
    expect(dataFileFromMessage(envelope('session_data', {}), 1)).toEqual({ ok: false, reason: 'message type "session_data" does not register a file' });
  });
});
