import { describe, expect, it } from 'vitest';
import { isActive, opStatusLine } from '../../../../renderer/src/logic/op-status.js';
import { session } from '../fake-station.js';

describe('opStatusLine', () => {
  it('is idle without a session', () => {
    expect(opStatusLine(null, 0)).toEqual({ text: 'idle', tone: 'idle' });
  });

  it('shows the running time against the given (server) clock', () => {
    expect(opStatusLine(session('x', { status: 'running', start_time: 100 }), 101.2).text).toBe('running (1.2 s)');
  });

  it('names starting and stopping', () => {
    expect(opStatusLine(session('x', { status: 'starting' }), 0).text).toBe('starting');
    expect(opStatusLine(session('x', { status: 'stopping' }), 0).text).toBe('stopping');
  });

  it('shows the outcome and how long ago it ended', () => {
    expect(opStatusLine(session('x', { status: 'done', success: true, end_time: 100 }), 103.4)).toEqual({ text: 'done – OK – 3 s ago', tone: 'ok' });
    expect(opStatusLine(session('x', { status: 'done', success: false, end_time: 100 }), 220)).toEqual({ text: 'done – ERROR – 2 min ago', tone: 'error' });
  });
});

describe('isActive', () => {
  it('is true from starting until done', () => {
    expect(isActive(null)).toBe(false);
    expect(isActive(session('x', { status: 'starting' }))).toBe(true);
    expect(isActive(session('x', { status: 'running' }))).toBe(true);
    expect(isActive(session('x', { status: 'stopping' }))).toBe(true);
    expect(isActive(session('x', { status: 'done' }))).toBe(false);
  });
});
