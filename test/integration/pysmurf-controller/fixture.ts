/**
 * A real smurf bench for the controller tests: the embedded router, a PysmurfMonitor on a free UDP
 * port, PysmurfControllers on the simulated site (resources/smurf), an in-memory recorder, and an
 * OCS client session.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScriptRunRecorder } from '../../../main/agents/pysmurf-controller/index.js';
import { createPysmurfController, DEFAULT_SMURF_SITE_FILE, loadSmurfSite, type SmurfSiteConfig } from '../../../main/agents/pysmurf-controller/index.js';
import { createPysmurfMonitor, type PysmurfMonitor } from '../../../main/agents/pysmurf-monitor/index.js';
import type { OcsAgent } from '../../../main/ocs/agent.js';
import { OcsClient } from '../../../main/ocs/client.js';
import type { OcsReply } from '../../../main/ocs/client-api.js';
import { silentLogger } from '../../../main/ocs/logger.js';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { openSession, type OpenSession } from '../../helpers/autobahn.js';
import { waitFor } from '../../helpers/net.js';

export interface RecordedRun {
  id: number;
  begin: Parameters<ScriptRunRecorder['begin']>[0];
  lines: Array<{ stream: 'stdout' | 'stderr'; text: string; time: number }>;
  end: Parameters<ScriptRunRecorder['end']>[1] | null;
}

/** A recorder that keeps everything in memory. */
export class MemoryRecorder implements ScriptRunRecorder {
  readonly runs: RecordedRun[] = [];
  begin(run: RecordedRun['begin']): number {
    this.runs.push({ id: this.runs.length + 1, begin: run, lines: [], end: null });
    return this.runs.length;
  }
  line(runId: number, stream: 'stdout' | 'stderr', text: string, time: number): void {
    this.runs[runId - 1].lines.push({ stream, text, time });
  }
  end(runId: number, result: NonNullable<RecordedRun['end']>): void {
    this.runs[runId - 1].end = result;
  }
  /** The latest run of `op`. */
  last(op: string): RecordedRun | undefined {
    return this.runs.filter((run) => run.begin.op === op).at(-1);
  }
}

export interface SmurfBench {
  router: RouterHandle;
  monitor: PysmurfMonitor;
  site: SmurfSiteConfig;
  dataDir: string;
  recorder: MemoryRecorder;
  session: OpenSession;
  controllers: OcsAgent[];
  /** Starts another controller on the bench (joined and ready). */
  addController(slot: number, overrides?: { site?: SmurfSiteConfig; monitor?: boolean }): Promise<OcsAgent>;
  client(address: string): Promise<OcsClient>;
  close(): Promise<void>;
}

/** Starts router, monitor and one controller per slot in `slots` (crate 1). */
export async function startSmurfBench(slots: number[] = [2], siteEnv: Record<string, string> = { SMURF_SIM_DURATION: '0.4' }): Promise<SmurfBench> {
  const dataDir = mkdtempSync(join(tmpdir(), 'smurf-bench-'));
  const loaded = loadSmurfSite(DEFAULT_SMURF_SITE_FILE, { dataDir });
  const site: SmurfSiteConfig = { ...loaded, env: { ...loaded.env, ...siteEnv }, sessionLingerMs: 300 };
  const router = await startRouter({ port: 0 });
  const connection = { url: router.wsUrl, realm: router.realm };
  const monitor = await createPysmurfMonitor({ instanceId: 'pysmurf-monitor', udpPort: 0, logger: silentLogger });
  monitor.agent.connect(connection);
  await monitor.agent.whenReady();
  const recorder = new MemoryRecorder();
  const controllers: OcsAgent[] = [];
  const addController = async (slot: number, overrides: { site?: SmurfSiteConfig; monitor?: boolean } = {}) => {
    const agent = createPysmurfController({
      instanceId: `pysmurf-controller-c1s${slot}`,
      crate: 1,
      slot,
      streamId: `crate1slot${slot}`,
      monitorId: overrides.monitor === false ? null : 'pysmurf-monitor',
      site: overrides.site ?? site,
      udp: { host: '127.0.0.1', port: monitor.port },
      recorder,
      logger: silentLogger,
      pollInterval: 0.5,
    });
    agent.connect(connection);
    await agent.whenReady();
    controllers.push(agent);
    return agent;
  };
  for (const slot of slots) await addController(slot);
  const session = await openSession(router.wsUrl, router.realm);
  return {
    router,
    monitor,
    site,
    dataDir,
    recorder,
    session,
    controllers,
    addController,
    client: (address) => OcsClient.overWamp(session.session, address),
    async close() {
      await session.close();
      await Promise.all(controllers.map((agent) => agent.shutdown(3000)));
      await monitor.agent.shutdown(500);
      await monitor.close();
      await router.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Messages of a reply's session, as plain texts. */
export function messages(reply: OcsReply): string[] {
  return (reply.session?.messages ?? []).map(([, text]) => text);
}

/** Waits until the recorder has a stdout line of the latest `op` run matching `pattern`. */
export function waitForOutput(recorder: MemoryRecorder, op: string, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  return waitFor(() => recorder.last(op)?.lines.find((line) => pattern.test(line.text))?.text, timeoutMs, `${pattern} in the output of ${op}`);
}
