/**
 * PysmurfController `run`/`abort` on a real router with real scripts (resources/smurf/scripts),
 * a real PysmurfMonitor on UDP and an in-memory recorder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProcStat } from '../../../main/smurf/process-tree.js';
import type { OcsClient } from '../../../main/ocs/client.js';
import { waitFor } from '../../helpers/net.js';
import { messages, startSmurfBench, waitForOutput, type SmurfBench } from './fixture.js';

let bench: SmurfBench;
let client: OcsClient;
let scripts: string;

beforeAll(async () => {
  bench = await startSmurfBench([2]);
  client = await bench.client('observatory.pysmurf-controller-c1s2');
  scripts = bench.site.scriptDirs[0];
});

afterAll(async () => {
  await bench?.close();
});

const run = () => client.tasks.run;

describe('run', () => {
  it('runs a script with the slot environment; lines reach the session, the recorder and session.data via UDP', async () => {
    const reply = await run().run({ script: 'hello_smurf.py', args: ['--duration', 0.5, '--interval', 0.1, '--stderr'] });
    expect(reply.message).toBe('Operation "run" is currently not running (SUCCEEDED).');
    const texts = messages(reply);
    expect(texts).toContain('Script has finished with exit code 0');
    const hello = texts.find((t) => t.startsWith('hello from'))!;
    expect(hello).toContain('SLOT=2 SMURFPUB_ID=crate1slot2 SMURFPUB_BACKEND=udp SMURFPUB_UDP_HOST=127.0.0.1');
    expect(hello).toContain(`SMURFPUB_UDP_PORT=${bench.monitor.port} SMURF_DATA_DIR=${bench.dataDir}`);
    // Arguments are stringified like upstream str(arg).
    expect(texts).toContain('args: --duration 0.5 --interval 0.1 --stderr');
    expect(texts.some((t) => /^line 1 at \d+\.\d\d s$/.test(t))).toBe(true);
    // session_data / session_log datagrams, through the monitor's feed, merged into the run session.
    expect(reply.session!.data.lines).toBeGreaterThanOrEqual(3);
    expect(texts).toContain('hello_smurf started');
    const recorded = bench.recorder.last('run')!;
    expect(recorded.begin).toMatchObject({ controller: 'observatory.pysmurf-controller-c1s2', streamId: 'crate1slot2', op: 'run', script: join(scripts, 'hello_smurf.py'), args: ['--duration', '0.5', '--interval', '0.1', '--stderr'], log: true });
    expect(recorded.lines.some((l) => l.stream === 'stderr' && l.text === 'warning 1')).toBe(true);
    expect(recorded.lines.some((l) => l.stream === 'stdout' && /^done after \d+ lines$/.test(l.text))).toBe(true);
    expect(recorded.end).toMatchObject({ exitCode: 0, signal: null, success: true });
  });

  it('fails with the exit code when the script fails', async () => {
    const failed = await run().run({ script: join(scripts, 'hello_smurf.py'), args: ['--duration', '0.1', '--fail'] });
    expect(failed.session!.success).toBe(false);
    expect(messages(failed)).toContain('Script has finished with exit code 1');
    expect(bench.recorder.last('run')!.lines.some((l) => l.stream === 'stderr' && l.text === 'hello_smurf: failing on request')).toBe(true);
    const three = await run().run({ script: 'hello_smurf.py', args: ['--duration', '0', '--exit-code', '3'] });
    expect(messages(three)).toContain('Script has finished with exit code 3');
    expect(bench.recorder.last('run')!.end).toMatchObject({ exitCode: 3, success: false });
  });

  it('runs a .sh script with /bin/sh', async () => {
    const reply = await run().run({ script: 'hello.sh', args: ['a b'] });
    expect(messages(reply)).toContain('hello.sh on slot 2 (crate1slot2), args: a b');
    expect(reply.session!.success).toBe(true);
  });

  it('refuses scripts outside the allowed directories, naming them', async () => {
    for (const script of ['/etc/passwd', '../smurf-site.yaml', 'missing.py']) {
      const reply = await run().run({ script });
      expect(reply.session!.success).toBe(false);
      const last = messages(reply).at(-2)!;
      expect(last).toMatch(/^Refused: script .* (outside the allowed script directories|does not exist)/);
      expect(last).toContain(scripts);
    }
  });

  it('rejects stray params and a missing script like OCS does', async () => {
    const stray = await run().start({ script: 'hello_smurf.py', bogus: 1 });
    expect([stray.status, stray.message]).toEqual([-1, "params included unexpected values: ['bogus']"]);
    const missing = await run().start({});
    expect([missing.status, missing.message]).toEqual([-1, "Param 'script' is required and must not be None"]);
  });

  it('refuses a bad log mode before starting anything', async () => {
    const reply = await run().run({ script: 'hello_smurf.py', log: 'relative.log' });
    expect(reply.session!.success).toBe(false);
    expect(messages(reply)).toContain('log file path must be absolute (got relative.log)');
  });

  it('log=<path>: output is appended to the file with timestamps, not to the session', async () => {
    const file = join(bench.dataDir, 'run.log');
    const reply = await run().run({ script: 'hello_smurf.py', args: ['--duration', '0.2', '--interval', '0.1'], log: file });
    expect(reply.session!.success).toBe(true);
    expect(messages(reply).some((t) => t.startsWith('line '))).toBe(false);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{6} hello from hello_smurf\.py: SLOT=2 /);
    expect(lines.at(-1)).toMatch(/^\S+ done after \d+ lines$/);
  });

  it('log=false: stdout is not logged, stderr still reaches the recorder', async () => {
    const reply = await run().run({ script: 'hello_smurf.py', args: ['--duration', '0.2', '--interval', '0.1', '--stderr'], log: false });
    expect(reply.session!.success).toBe(true);
    expect(messages(reply).some((t) => t.startsWith('line '))).toBe(false);
    const recorded = bench.recorder.last('run')!;
    expect(recorded.lines.length).toBeGreaterThan(0);
    expect(recorded.lines.every((l) => l.stream === 'stderr')).toBe(true);
  });
});

describe('lock and abort', () => {
  it('refuses other ops with the upstream texts while a script runs; abort ends it', async () => {
    const started = await run().start({ script: 'hello_smurf.py', args: ['--duration', '20'] });
    expect(started.status).toBe(0);
    await waitForOutput(bench.recorder, 'run', /^line 1 /);
    const job = join(scripts, 'hello_smurf.py');
    const again = await client.tasks.tune_squids.run();
    expect(messages(again)).toContain(`The requested script cannot be run because script ${job} is already running`);
    const noise = await client.tasks.take_noise.run();
    expect(messages(noise)).toContain(`Operation failed: ${job} is running.`);
    const stream = await client.processes.stream.start();
    expect(stream.status).toBe(0);
    const streamDone = await client.processes.stream.wait(5);
    expect(messages(streamDone)).toContain(`Operation failed: ${job} is running.`);

    const t0 = Date.now();
    const abort = await client.tasks.abort.run();
    expect(messages(abort)).toContain('Aborting process');
    const ended = await run().wait(5);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(ended.session!.success).toBe(false);
    // The sim script honours SIGINT: clean message, exit code 130.
    expect(messages(ended)).toContain('Interrupted by SIGINT: stopping hello_smurf');
    expect(messages(ended)).toContain('Script has finished with exit code 130');
  });

  it('abort with nothing running says so', async () => {
    const abort = await client.tasks.abort.run();
    expect(abort.session!.success).toBe(true);
    expect(messages(abort)).toContain('No script is running');
  });

  it('an OCS abort of the run task ends the script too', async () => {
    await run().start({ script: 'hello_smurf.py', args: ['--duration', '20'] });
    await waitForOutput(bench.recorder, 'run', /^line 1 /);
    expect((await run().abort()).status).toBe(0);
    const ended = await run().wait(5);
    expect(messages(ended)).toContain('Script has finished with exit code 130');
  });

  it('abort ends a script that spawned children and a setsid grandchild: none is left', async () => {
    await run().start({ script: 'demo_spawner.py' });
    // spawner + 2 children + 1 setsid grandchild.
    await waitFor(() => (bench.recorder.last('run')?.lines.filter((l) => /^spawned \d+$/.test(l.text)).length ?? 0) >= 3, 10_000, 'three spawned lines');
    const recorded = bench.recorder.last('run')!;
    const spawner = Number(recorded.lines.find((l) => /^spawner \d+$/.test(l.text))!.text.split(' ')[1]);
    const pids = [spawner, ...recorded.lines.filter((l) => /^spawned \d+$/.test(l.text)).map((l) => Number(l.text.split(' ')[1]))];
    const grandchild = pids.map((pid) => readProcStat(pid)!).find((stat) => stat.pgrp !== spawner);
    expect(grandchild, 'one descendant left the process group with setsid').toBeDefined();

    const abort = await client.tasks.abort.run();
    expect(messages(abort)).toContain('Aborting process');
    for (const pid of pids) {
      const stat = readProcStat(pid);
      expect(stat === null || stat.state === 'Z', `pid ${pid} is gone`).toBe(true);
    }
    const ended = await run().wait(5);
    expect(ended.session!.success).toBe(false);
  });
});
