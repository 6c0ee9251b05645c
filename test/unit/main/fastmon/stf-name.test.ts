import { describe, expect, it } from 'vitest';
import { isStfName, runNumberFromStfName, stfBaseName } from '../../../../main/fastmon/stf-name.js';

describe('runNumberFromStfName', () => {
  it('reads the run from testbed names swf.<run>.<seq>.stf', () => {
    expect(runNumberFromStfName('swf.100010.000001.stf')).toBe(100010);
    expect(runNumberFromStfName('/data/stf/swf.100010.000042.stf')).toBe(100010);
    expect(runNumberFromStfName('SWF.7.000001.STF')).toBe(7);
  });

  it('prefers the swf pattern over run/r patterns in the same name', () => {
    expect(runNumberFromStfName('run_5.swf.123.000001.stf')).toBe(123);
  });

  it('falls back to run_<n>, run<n>, r<n> in that order, case-insensitively', () => {
    expect(runNumberFromStfName('data_run_000321_part2.stf')).toBe(321);
    expect(runNumberFromStfName('RUN_12.stf')).toBe(12);
    expect(runNumberFromStfName('physics_run77_seq3.stf')).toBe(77);
    expect(runNumberFromStfName('Run88.stf')).toBe(88);
    expect(runNumberFromStfName('r42_0001.stf')).toBe(42);
    expect(runNumberFromStfName('R9.STF')).toBe(9);
    // run_<n> wins over a later r<n>
    expect(runNumberFromStfName('run_3_r4.stf')).toBe(3);
  });

  it('looks only at the basename', () => {
    expect(runNumberFromStfName('/runs/run_99/file.stf')).toBeNull();
    expect(runNumberFromStfName('C:\\r5\\swf.11.000002.stf')).toBe(11);
  });

  it('returns null when nothing matches (no default run)', () => {
    expect(runNumberFromStfName('calibration.stf')).toBeNull();
    expect(runNumberFromStfName('swf.abc.stf')).toBeNull();
    expect(runNumberFromStfName('')).toBeNull();
  });

  it('returns null for run numbers beyond exact integer range', () => {
    expect(runNumberFromStfName('run_123456789012345678901234.stf')).toBeNull();
  });
});

describe('stfBaseName / isStfName', () => {
  it('strips directory and .stf/.STF extension', () => {
    expect(stfBaseName('/data/swf.100010.000001.stf')).toBe('swf.100010.000001');
    expect(stfBaseName('SWF.1.000001.STF')).toBe('SWF.1.000001');
    expect(stfBaseName('other.dat')).toBe('other.dat');
  });

  it('recognises .stf and .STF endings only', () => {
    expect(isStfName('swf.1.000001.stf')).toBe(true);
    expect(isStfName('/x/SWF.1.000001.STF')).toBe(true);
    expect(isStfName('swf.1.000001.stf.tmp')).toBe(false);
    expect(isStfName('swf.1.000001.tf')).toBe(false);
  });
});
