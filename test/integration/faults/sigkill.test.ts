/**
 * Fault: SIGKILL of a station agent process (the station's rows show it expired; restarted, it is
 * back) and of the headless station itself (`station serve`): restarted on the same data dir, the
 * store passes `PRAGMA integrity_check` and holds every row counted before the kill.
 * (SIGKILL of supervisord and of ActiveMQ: supervisord-kill.test.ts, activemq-kill.test.ts.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentRow } from '../../../shared/ipc.js';
import { unwrap } from '../../helpers/station-table.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { openStationStore, STORE_FILE_NAME } from '../../../main/store/index.js';
import { waitFor, type RunningProcess } from '../../helpers/net.js';
import { startServe, type ServeProcess } from '../../helpers/serve.js';
import { startStation } from '../../helpers/station.js';

let dir: string;
const running: Array<RunningProcess | ServeProcess> = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'station-fault-kill-'));
});
afterAll(async () => {
  for (const proc of running) await proc.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('SIGKILL of a station agent process', () => {
  let station: Station;
  afterAll(async () => station?.close());

  it('shows the agent expired, and alive again once restarted', async () => {
    station = await createStation({ mode: 'headless', wampPort: 0, demo: false, smurf: false, dataDir: join(dir, 'agent-station'), agentTimeout: 2, supervisordPath: '/nonexistent/supervisord' });
    const url = station.router!.wsUrl;
    const address = 'observatory.kill-thermo';
    const row = async () => unwrap<AgentRow[]>(await station.table.invoke('registry:snapshot', undefined)).find((r) => r.address === address);
    const start = () => {
      const proc = startStation(['agent', 'demo-thermometry', '--instance-id', 'kill-thermo', '--url', url]);
      running.push(proc);
      return proc;
    };
    const agent = start();
    await waitFor(async () => (await row())?.expired === false, 10_000, 'the agent alive in the rows');
    await agent.stop('SIGKILL');
    const killedAt = Date.now();
    await waitFor(async () => (await row())?.expired === true, 8000, 'the agent expired in the rows');
    const expiredAfterMs = Date.now() - killedAt;
    const expired = (await row())!;
    expect(Object.values(expired.opCodes).every((code) => code === 7)).toBe(true);

    start();
    const restartedAt = Date.now();
    await waitFor(async () => (await row())?.expired === false, 10_000, 'the agent alive again');
    console.info(`[faults] agent SIGKILL: expired in the rows ${expiredAfterMs} ms after the kill (timeout 2 s); alive again ${Date.now() - restartedAt} ms after the restart`);
  }, 40_000);
});

/** Row counts of every table of the store at `path`, read through a separate read-only connection. */
function tableCounts(path: string): Record<string, number> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    return Object.fromEntries(tables.map((name) => [name, db.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number]));
  } finally {
    db.close();
  }
}

describe('SIGKILL of the headless station', () => {
  it('restarts on the same data dir with an intact store holding every row written before the kill', async () => {
    const dataDir = join(dir, 'serve-data');
    const path = join(dataDir, STORE_FILE_NAME);
    const serve = await startServe(['--data-dir', dataDir]);
    running.push(serve);
    // The demo agents' op changes and the smurf crate keep the station writing; wait until there is something to lose.
    await waitFor(() => {
      const counts = tableCounts(path);
      return (counts.op_history_changes ?? Object.values(counts).reduce((a, b) => a + b, 0)) > 0 ? counts : null;
    }, 15_000, 'rows in the store');
    // A viewer keeps making audited requests (each reply comes after its audit row was committed); kill mid-stream.
    const ws = new WebSocket(`${serve.origin.replace('http', 'ws')}/bridge?token=${serve.token}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.on('error', () => {});
    let acknowledged = 0;
    let nextId = 1;
    const send = () => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ id: nextId++, channel: 'op:start', request: { address: 'observatory.nobody', op: 'nothing' } }));
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { kind: string };
      if (message.kind !== 'reply') return;
      acknowledged += 1;
      send();
    });
    for (let i = 0; i < 8; i += 1) send();
    await waitFor(() => acknowledged >= 300, 15_000, '300 audited replies');
    const counted = tableCounts(path);
    await serve.proc.stop('SIGKILL');
    const auditedBeforeKill = acknowledged;
    expect(serve.proc.child.signalCode).toBe('SIGKILL');

    const reopened = startServe(['--data-dir', dataDir]);
    const again = await reopened;
    running.push(again);
    const store = openStationStore(dataDir);
    try {
      const db = new Database(path, { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        db.close();
      }
      const after = tableCounts(path);
      expect(after.audit_log ?? 0, 'audit rows').toBeGreaterThanOrEqual(auditedBeforeKill);
      for (const [table, count] of Object.entries(counted)) expect(after[table] ?? 0, `rows of ${table}`).toBeGreaterThanOrEqual(count);
      console.info(`[faults] station serve SIGKILL: ${Object.values(counted).reduce((a, b) => a + b, 0)} rows counted before the kill (${Object.entries(counted).filter(([, n]) => n > 0).map(([t, n]) => `${t} ${n}`).join(', ')}), all present after the restart; ${auditedBeforeKill} audited requests acknowledged before the kill, ${after.audit_log} audit rows after`);
    } finally {
      store.close();
    }
  }, 40_000);
});
