/**
 * Several processes share one store file (agents under supervisord, the station, the CLI): two child
 * processes write the testbed tables at the same time while this process writes too; counters must
 * never repeat or skip, shared messages must be stored once, and no row may be lost.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStationStore } from '../../../main/store/index.js';
import { waitFor } from '../../helpers/net.js';

const WRITER = fileURLToPath(new URL('./testbed-writer.ts', import.meta.url));
const ROUNDS = 250;
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Got {
  agentIds: number[];
  executionIds: string[];
  runNumbers: number[];
  claimed: number[];
  inserted: number;
  duplicates: number;
}

function startWriter(dir: string, label: string, rounds = ROUNDS): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, label, String(rounds)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, lines, exited };
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('testbed store shared by concurrent processes', () => {
  it('hands out unique, gap-free counters and loses or duplicates no row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'station-testbed-concurrency-'));
    dirs.push(dir);
    const parent = openStationStore(dir);
    const versionBefore = parent.testbed.dataVersion();
    const writers = [startWriter(dir, 'alice'), startWriter(dir, 'bob')];
    await waitFor(() => writers.every((w) => w.lines.includes('ready')), 20_000, 'the writers to start');
    for (const writer of writers) writer.child.stdin!.end('go\n');
    // This process takes numbers at the same time (paced: a tight loop would just starve the writers of the lock).
    const parentAgentIds: number[] = [];
    while (writers.some((w) => w.lines.length < 2)) {
      parentAgentIds.push(parent.testbed.nextAgentId());
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(await Promise.all(writers.map((w) => w.exited))).toEqual([0, 0]);
    const [alice, bob] = writers.map((w) => JSON.parse(w.lines[1]) as Got);

    // The writers really ran at the same time: their numbers interleave.
    const owner = new Map([...alice.runNumbers.map((n) => [n, 'a'] as const), ...bob.runNumbers.map((n) => [n, 'b'] as const)]);
    const switches = [...owner.keys()].sort((a, b) => a - b).filter((n, i, all) => i > 0 && owner.get(n) !== owner.get(all[i - 1])).length;
    expect(switches).toBeGreaterThan(5);
    expect(parentAgentIds.length).toBeGreaterThan(0);

    const agentIds = [...alice.agentIds, ...bob.agentIds, ...parentAgentIds].sort((a, b) => a - b);
    expect(agentIds).toEqual(range(1, agentIds.length));
    expect([...alice.runNumbers, ...bob.runNumbers].sort((a, b) => a - b)).toEqual(range(100010, 2 * ROUNDS));
    const sequences = [...alice.executionIds, ...bob.executionIds].map((id) => Number(id.slice(id.lastIndexOf('-') + 1))).sort((a, b) => a - b);
    expect(sequences).toEqual(range(1, 2 * ROUNDS));
    expect(alice.executionIds[0]).toMatch(/^stf_datataking-alice-\d{4}$/);

    // Each shared execution id was claimed by exactly one writer.
    expect([...alice.claimed, ...bob.claimed].sort((a, b) => a - b)).toEqual(range(0, ROUNDS));
    expect(parent.testbed.countExecutions()).toBe(ROUNDS);

    // Own messages: all kept; each shared message (by broker id, by body) stored once.
    expect(alice.inserted + bob.inserted).toBe(4 * ROUNDS);
    expect(alice.duplicates + bob.duplicates).toBe(2 * ROUNDS);
    expect(parent.testbed.countMessages()).toBe(4 * ROUNDS);
    expect(parent.testbed.countMessages({ msgType: 'own' })).toBe(2 * ROUNDS);
    expect(parent.testbed.countMessages({ msgType: 'shared_with_id' })).toBe(ROUNDS);
    expect(parent.testbed.countMessages({ msgType: 'shared_body' })).toBe(ROUNDS);

    expect(parent.testbed.countLogs()).toBe(2 * ROUNDS);
    expect(parent.testbed.listAgents().map((a) => [a.instanceName, a.description])).toEqual([
      ['agent-alice', `round ${ROUNDS - 1}`],
      ['agent-bob', `round ${ROUNDS - 1}`],
    ]);
    // Other processes' commits are visible to a poller.
    expect(parent.testbed.dataVersion()).not.toBe(versionBefore);
    parent.close();
  });

  it('lets several processes create and migrate a fresh store file at the same time', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const dir = mkdtempSync(join(tmpdir(), 'station-testbed-fresh-'));
      dirs.push(dir);
      const writers = ['p1', 'p2', 'p3'].map((label) => startWriter(join(dir, 'data'), label, 20));
      await waitFor(() => writers.every((w) => w.lines.includes('ready')), 20_000, 'the writers to start');
      for (const writer of writers) writer.child.stdin!.end('go\n');
      expect(await Promise.all(writers.map((w) => w.exited))).toEqual([0, 0, 0]);
      const store = openStationStore(join(dir, 'data'));
      expect(store.testbed.countExecutions()).toBe(20);
      expect(store.testbed.nextRunNumber()).toBe(100010 + 3 * 20);
      store.close();
    }
  });
});
