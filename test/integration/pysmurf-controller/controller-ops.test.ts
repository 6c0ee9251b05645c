/**
 * PysmurfController measurement and state ops on a real router with the simulated scripts: results
 * arrive as real UDP session_data datagrams through a real PysmurfMonitor.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcsClient } from '../../../main/ocs/client.js';
import { waitFor } from '../../helpers/net.js';
import { messages, startSmurfBench, type SmurfBench } from './fixture.js';

let bench: SmurfBench;
let client: OcsClient;

beforeAll(async () => {
  bench = await startSmurfBench([3]);
  client = await bench.client('observatory.pysmurf-controller-c1s3');
});

afterAll(async () => {
  await bench?.close();
});

describe('measurement ops', () => {
  it('registers every op with its signature first in the docstring', () => {
    expect(client.agentClass).toBe('PysmurfController');
    expect(Object.keys(client.tasks).sort()).toEqual(
      ['abort', 'all_off', 'bias_dets', 'run', 'set_biases', 'take_bgmap', 'take_bias_steps', 'take_iv', 'take_noise', 'tune_squids', 'uxm_relock', 'uxm_setup', 'zero_biases'].sort(),
    );
    expect(Object.keys(client.processes).sort()).toEqual(['check_state', 'stream']);
    expect(client.tasks.take_noise.docstring!.split('\n')[0]).toBe('take_noise(duration=30.0, kwargs=None, tag=None, run_in_main_process=False)');
    expect(client.tasks.uxm_setup.docstring!.split('\n')[0]).toBe('uxm_setup(bands=None, kwargs=None, run_in_main_process=False)');
  });

  it('take_iv runs its script and merges the published results and files', async () => {
    const reply = await client.tasks.take_iv.run({ tag: 'cooldown' });
    expect(reply.session!.success).toBe(true);
    expect(messages(reply)).toContain('Finished taking IV');
    const data = reply.session!.data as { filepath: string; quantiles: Record<string, unknown>; result: unknown };
    expect(data.filepath).toMatch(new RegExp(`^${bench.dataDir}/smurf/\\d{5}/crate1slot3/\\d+_take_iv/outputs/\\d+_iv_analyze\\.npy$`));
    expect(existsSync(data.filepath)).toBe(true);
    expect(Object.keys(data.quantiles).sort()).toEqual(['Rn', 'p_sat']);
    expect(data.result).toEqual({ success: true, exit_code: 0, signal: null });
    const recorded = bench.recorder.last('take_iv')!;
    expect(recorded.begin.args.slice(0, 3)).toEqual(['--op', 'take_iv', '--params']);
    expect(JSON.parse(recorded.begin.args[3])).toEqual({ kwargs: null, tag: 'cooldown', run_in_main_process: false });
  });

  it('uxm_relock reports detector counts per band; check_state then shows the action and active channels', async () => {
    const reply = await client.tasks.uxm_relock.run();
    expect(messages(reply)).toContain('Finished UXM Relock');
    const data = reply.session!.data as Record<string, number[]>;
    expect(data.all_det_num).toHaveLength(8);
    expect(data.good_det_num).toHaveLength(8);
    const expected = data.good_det_num.reduce((a, b) => a + b, 0);
    const state = await waitFor(async () => {
      const status = await client.processes.check_state.status();
      const d = status.session?.data as Record<string, unknown> | undefined;
      return d?.pysmurf_action === 'uxm_relock' && d.num_active_channels === expected ? d : null;
    }, 10_000, 'check_state to see the relock');
    expect(state).toMatchObject({ stream_id: 'crate1slot3', slot: 3, crate: 1, stream_on: false });
  });

  it('tune_squids runs the configured tune script with its args and reports the tune file', async () => {
    const reply = await client.tasks.tune_squids.run({ args: ['--duration', 0.3] });
    expect(reply.session!.success).toBe(true);
    expect(messages(reply)).toContain('Script has finished with exit code 0');
    expect(messages(reply)).toContain("tune_squids on crate1slot3, args ['--duration', '0.3']");
    expect((reply.session!.data as { tune_file: string }).tune_file).toMatch(/\/crate1slot3\/\d+_tune_squids\/outputs\/\d+_tune\.npy$/);
    expect(bench.recorder.last('tune_squids')!.end).toMatchObject({ exitCode: 0, success: true });
  });

  it('a failing measurement script fails the op with its exit code', async () => {
    const reply = await client.tasks.take_noise.run({ kwargs: { sim_fail: ['crate1slot3'] } });
    expect(reply.session!.success).toBe(false);
    expect(messages(reply)).toContain('take_noise failed: Script has finished with exit code 1');
    expect((reply.session!.data as Record<string, unknown>).result).toEqual({ success: false, exit_code: 1, signal: null });
  });

  it('set_biases checks the lengths, zero_biases waits for its script', async () => {
    const mismatch = await client.tasks.set_biases.run({ bias: [1, 2], bgs: [0, 1, 2] });
    expect(messages(mismatch)).toContain('Number of biases must match number of bgs');
    expect(mismatch.session!.success).toBe(false);
    const set = await client.tasks.set_biases.run({ bias: [1.5, 2], bgs: [0, 1] });
    expect(messages(set)).toContain('Finished setting biases to [1.5, 2]');
    const zero = await client.tasks.zero_biases.run({ bgs: [4] });
    expect(messages(zero)).toContain('Finished zeroing biases');
    expect(messages(zero)).toContain('set_tes_bias_bipolar(bg=4, 0)');
    const required = await client.tasks.set_biases.start({});
    expect(required.message).toBe("Param 'bias' is required and must not be None");
  });

  it('check_state publishes its state with the stream id on the state_results feed', async () => {
    const status = await client.processes.check_state.status();
    expect(status.session!.status).toBe('running');
    expect((status.session!.data as Record<string, unknown>).stream_id).toBe('crate1slot3');
    const events: unknown[] = [];
    const sub = await bench.session.session.subscribe('observatory.pysmurf-controller-c1s3.feeds.state_results', (args) => events.push(args?.[0]));
    await waitFor(() => events.length > 0, 5_000, 'a state_results message');
    await bench.session.session.unsubscribe(sub);
    const [message] = events[0] as [Record<string, unknown>];
    expect(Object.values(message)[0]).toMatchObject({ block_name: 'state', data: { open_g3stream: [0] } });
  });

  it('stream runs until stopped, with stream_on in session.data and the lock held', async () => {
    expect((await client.processes.stream.start({ stream_type: 'oper', subtype: 'cal' })).status).toBe(0);
    await waitFor(async () => (await client.processes.stream.status()).session?.data.stream_on === true, 10_000, 'stream_on');
    const busy = await client.tasks.take_noise.run();
    expect(messages(busy)).toContain('Operation failed: stream is running.');
    const state = await waitFor(async () => {
      const d = (await client.processes.check_state.status()).session?.data;
      return d?.stream_on === true ? d : null;
    }, 5_000, 'check_state to see the stream');
    expect(state.stream_id).toBe('crate1slot3');
    expect((await client.processes.stream.stop()).status).toBe(0);
    const done = await client.processes.stream.wait(10);
    expect(done.session!.success).toBe(true);
    expect(messages(done)).toContain('Finished streaming data');
    expect(messages(done)).toContain('SIGINT: stopping the stream');
    expect(done.session!.data).toMatchObject({ stream_on: false, stream_id: 'crate1slot3' });
    expect(typeof done.session!.data.sid).toBe('number');
  });

  it('stream with a duration ends by itself', async () => {
    const done = await client.processes.stream.start({ duration: 0.6 });
    expect(done.status).toBe(0);
    const end = await client.processes.stream.wait(10);
    expect(end.session!.success).toBe(true);
    expect(messages(end)).toContain('Finished streaming data');
  });
});
