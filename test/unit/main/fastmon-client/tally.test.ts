import { describe, expect, it } from 'vitest';
import { toTfEvent } from '../../../../main/fastmon-client/messages.js';
import { Tally } from '../../../../main/fastmon-client/tally.js';

const tf = (run: string | number | null, stf: string, n: number, tfCount: number | null, bytes: number | null) =>
  toTfEvent({
    msg_type: 'tf_file_registered',
    ...(run === null ? {} : { run_id: run }),
    stf_filename: stf,
    tf_filename: `${stf.replace(/\.stf$/, '')}_tf_${String(n).padStart(3, '0')}.tf`,
    tf_count: tfCount,
    file_size_bytes: bytes,
  });

describe('Tally', () => {
  it('counts distinct STFs, TF files, TFs and bytes per run', () => {
    const tally = new Tally();
    tally.add(tf('100010', 'swf.100010.000001.stf', 1, 24, 1000));
    tally.add(tf('100010', 'swf.100010.000001.stf', 2, 20, 2000));
    tally.add(tf('100010', 'swf.100010.000002.stf', 1, 10, 500));
    tally.add(tf('100011', 'swf.100011.000001.stf', 1, 7, 70));
    expect(tally.rows()).toEqual([
      { run: '100010', stfs: 2, tfFiles: 3, tfCount: 54, bytes: 3500 },
      { run: '100011', stfs: 1, tfFiles: 1, tfCount: 7, bytes: 70 },
    ]);
    expect(tally.totals()).toEqual({ stfs: 3, tfFiles: 4, tfCount: 61, bytes: 3570 });
    expect(tally.tfFiles).toBe(4);
  });

  it('keys runs by run_id, else run_number, and keeps run-less TFs in their own row, last', () => {
    const tally = new Tally();
    tally.add(tf(null, 'a.stf', 1, 1, 1));
    tally.add(toTfEvent({ run_number: 9, stf_filename: 'b.stf', tf_count: 2, file_size_bytes: 2 }));
    tally.add(tf('10', 'c.stf', 1, 3, 3));
    tally.add(tf('x-run', 'd.stf', 1, 4, 4));
    expect(tally.rows().map((row) => row.run)).toEqual(['9', '10', 'x-run', null]);
  });

  it('adds nothing for missing or invalid counts but still counts the file', () => {
    const tally = new Tally();
    tally.add(tf('1', 'a.stf', 1, null, null));
    tally.add(toTfEvent({ run_id: '1', tf_count: 'many', file_size_bytes: -5 }));
    expect(tally.rows()).toEqual([{ run: '1', stfs: 1, tfFiles: 2, tfCount: 0, bytes: 0 }]);
  });

  it('is empty before any TF', () => {
    const tally = new Tally();
    expect(tally.rows()).toEqual([]);
    expect(tally.totals()).toEqual({ stfs: 0, tfFiles: 0, tfCount: 0, bytes: 0 });
  });
});
