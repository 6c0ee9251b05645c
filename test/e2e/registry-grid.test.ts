import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type OpenSession } from '../helpers/autobahn.js';
import { startPythonAgent, type PythonAgent } from '../helpers/python.js';
import { AgentBrowserPage } from './pages/agent-browser.js';
import { RegistryGridPage } from './pages/registry-grid.js';
import { useStation } from './station-fixture.js';

const DEMO_AGENTS = ['observatory.demo-thermo', 'observatory.demo-hwp', 'observatory.demo-shutter'];
const REGISTRY = 'observatory.registry';
const PYTHON_INSTANCE = 'e2e-fake1';

const station = useStation();
let python: PythonAgent;
/** Watches the Python agent's heartbeat topic, to time expiry from its last heartbeat. */
let watcher: OpenSession;
let lastHeartbeatAt = 0;

beforeAll(async () => {
  const { serve } = station;
  // Subscribed before the agent starts, so its very first heartbeat is seen too.
  watcher = await openSession(serve.wampUrl, serve.realm);
  await watcher.session.subscribe(`${serve.addressRoot}.${PYTHON_INSTANCE}.feeds.heartbeat`, () => {
    lastHeartbeatAt = Date.now();
  });
  python = await startPythonAgent({ url: serve.wampUrl, realm: serve.realm, addressRoot: serve.addressRoot, instanceId: PYTHON_INSTANCE });
}, 30_000);

afterAll(async () => {
  await watcher?.close();
  await python?.stop();
});

describe('registry grid (station serve in Chromium)', () => {
  it('shows the demo agents, the Registry and a Python OCS agent, with counts that agree with the rows', async () => {
    const grid = new RegistryGridPage(station.page);
    const expected = [...DEMO_AGENTS, REGISTRY, python.address];
    await expect
      .poll(async () => {
        const seen = new Set(await grid.addresses());
        return expected.filter((address) => !seen.has(address));
      }, { timeout: 15_000, interval: 200 })
      .toEqual([]);
    // The Python agent is shown with its class and one chip per op, like every other row.
    const pythonRow = grid.row(python.address);
    await expect.poll(() => pythonRow.getAttribute('data-expired')).toBe('false');
    const pythonText = (await pythonRow.textContent()) ?? '';
    for (const part of ['FakeDataAgent', 'count', 'set_heartbeat', 'delay_task']) expect(pythonText).toContain(part);
    // Header counts must agree with the rendered rows (all fit the viewport, so all are rendered).
    await expect
      .poll(async () => ({ header: await grid.counts(), rows: await grid.countsFromRows() }), { timeout: 5_000, interval: 200 })
      .toSatisfy(({ header, rows }) => header !== null && header.total === rows.total && header.alive === rows.alive && header.expired === rows.expired);
    const counts = await grid.counts();
    expect(counts!.total).toBeGreaterThanOrEqual(expected.length);
    expect(counts!.expired).toBe(0);
  });

  it('narrows the rows with the filter box and restores them when it is cleared', async () => {
    const grid = new RegistryGridPage(station.page);
    const before = (await grid.addresses()).sort();
    await grid.filter('demo-');
    await expect.poll(async () => (await grid.addresses()).sort(), { timeout: 5_000 }).toEqual([...DEMO_AGENTS].sort());
    await grid.filter(PYTHON_INSTANCE);
    await expect.poll(() => grid.addresses(), { timeout: 5_000 }).toEqual([python.address]);
    await grid.filter('no-agent-is-called-this');
    await expect.poll(() => grid.rows.count(), { timeout: 5_000 }).toBe(0);
    await grid.filter('');
    await expect.poll(async () => (await grid.addresses()).sort(), { timeout: 5_000 }).toEqual(before);
  });

  it('reaches the rows with Tab, moves with ArrowDown and opens the agent under the cursor with Enter', async () => {
    const grid = new RegistryGridPage(station.page);
    const order = await grid.addresses();
    expect(order.length).toBeGreaterThanOrEqual(3);
    await grid.tabIntoRows();
    const first = await grid.currentAddress();
    expect(first, 'Tab reaches a row of the grid').not.toBeNull();
    await station.page.keyboard.press('ArrowDown');
    await expect.poll(() => grid.currentAddress(), { timeout: 2_000 }).toBe(order[order.indexOf(first!) + 1]);
    await station.page.keyboard.press('ArrowDown');
    await expect.poll(() => grid.currentAddress(), { timeout: 2_000 }).toBe(order[order.indexOf(first!) + 2]);
    const second = await grid.currentAddress();
    await station.page.keyboard.press('Enter');
    const browser = new AgentBrowserPage(station.page);
    await browser.select.waitFor({ state: 'visible', timeout: 5_000 });
    await expect.poll(() => browser.select.inputValue(), { timeout: 5_000 }).toBe(second);
    await grid.open();
  });

  it('marks the Python agent expired within 7 s of its last heartbeat, and alive again when heartbeats resume', async () => {
    const grid = new RegistryGridPage(station.page);
    const row = grid.row(python.address);
    expect(await row.getAttribute('data-expired')).toBe('false');
    await expect.poll(() => lastHeartbeatAt, { timeout: 3_000 }).toBeGreaterThan(0);
    expect(await python.toggleHeartbeat()).toBe('off');
    // A heartbeat already on its way may still arrive: settle on the last one before timing.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const last = lastHeartbeatAt;
    expect(last).toBeGreaterThan(0);
    await expect.poll(() => row.getAttribute('data-expired'), { timeout: 9_000, interval: 100 }).toBe('true');
    const delay = Date.now() - last;
    expect(delay, `expired shown ${delay} ms after the last heartbeat`).toBeLessThan(7_000);
    expect(lastHeartbeatAt).toBe(last);
    // The heartbeat age in the row kept ticking while the agent was silent (about 5 s by now).
    const rowText = await row.innerText();
    const age = rowText.match(/(\d+(?:\.\d+)?) s(?![a-z])/);
    expect(Number(age?.[1]), `heartbeat age in "${rowText}"`).toBeGreaterThanOrEqual(3);
    await expect.poll(async () => (await grid.counts())?.expired, { timeout: 2_000 }).toBe(1);

    expect(await python.toggleHeartbeat()).toBe('on');
    await expect.poll(() => row.getAttribute('data-expired'), { timeout: 5_000, interval: 100 }).toBe('false');
    await expect.poll(async () => (await grid.counts())?.expired, { timeout: 2_000 }).toBe(0);
  }, 30_000);
});
