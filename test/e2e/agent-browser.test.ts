import { describe, expect, it } from 'vitest';
import type { EncodedSession, OpReply } from '../../shared/ocs-codes.js';
import { openSession } from '../helpers/autobahn.js';
import { AgentBrowserPage } from './pages/agent-browser.js';
import { RegistryGridPage } from './pages/registry-grid.js';
import { useStation } from './station-fixture.js';

const THERMO = 'observatory.demo-thermo';
const HWP = 'observatory.demo-hwp';
const SHUTTER = 'observatory.demo-shutter';

const station = useStation();

/** Asks the agent itself (over the serve's router) for an op's session, to compare the UI with the wire. */
async function sessionOnTheWire(address: string, op: string): Promise<EncodedSession | null> {
  const peer = await openSession(station.serve.wampUrl, station.serve.realm);
  try {
    const reply = (await peer.session.call(`${address}.ops`, ['status', op])) as OpReply;
    return 'session_id' in reply[2] ? (reply[2] as EncodedSession) : null;
  } finally {
    await peer.close();
  }
}

describe('agent browser (station serve in Chromium)', () => {
  it('opens an agent from its grid row with its ops; locked, they stay disabled until one click unlocks operate', async () => {
    const grid = new RegistryGridPage(station.page);
    await grid.row(THERMO).click({ timeout: 15_000 });
    const browser = new AgentBrowserPage(station.page);
    await expect.poll(() => browser.select.inputValue(), { timeout: 5_000 }).toBe(THERMO);
    const calibrate = browser.op('calibrate');
    await calibrate.root.waitFor({ state: 'visible', timeout: 10_000 });
    // Connections start at operate (station.toml [access] start_level); lock first to see the controls go.
    expect(await browser.lock.level()).toBe('operate');
    await browser.lock.set('locked');
    expect(await browser.unlocked()).toBe(false);
    expect(await calibrate.start.isDisabled()).toBe(true);
    expect(await calibrate.statusText()).toMatch(/^(idle|done)/);
    await browser.unlock();
    await expect.poll(() => browser.unlocked(), { timeout: 2_000 }).toBe(true);
    expect(await calibrate.start.isEnabled()).toBe(true);
  });

  it('starts calibrate with a typed parameter, shows it running, and aborting it shows done', async () => {
    const browser = new AgentBrowserPage(station.page);
    const calibrate = browser.op('calibrate');
    await browser.unlock();
    await calibrate.param('duration').fill('30');
    await calibrate.start.click();
    await expect.poll(() => calibrate.statusText(), { timeout: 10_000, interval: 100 }).toMatch(/^running \(\d+(\.\d+)? s\)$/);
    // The agent itself reports the session running: the UI reflects the wire, not a local guess.
    expect((await sessionOnTheWire(THERMO, 'calibrate'))?.status).toBe('running');
    // The agent's once-a-second message names the duration it was given: the typed 30 reached it.
    await expect.poll(() => calibrate.messages.textContent(), { timeout: 5_000 }).toContain('of 30 s');
    await calibrate.abort.click();
    await expect.poll(() => calibrate.statusText(), { timeout: 10_000, interval: 100 }).toMatch(/^done – (OK|ERROR) – /);
    const wire = (await sessionOnTheWire(THERMO, 'calibrate'))!;
    expect(wire.status).toBe('done');
    expect(await calibrate.statusText()).toContain(wire.success ? 'OK' : 'ERROR');
    await expect.poll(() => calibrate.messages.textContent(), { timeout: 5_000 }).toContain('Aborted calibration');
  });

  it("shows a refused request's message from the agent in place (a param outside the agent's check)", async () => {
    const browser = new AgentBrowserPage(station.page);
    const calibrate = browser.op('calibrate');
    await browser.unlock();
    await calibrate.param('duration').fill('5000');
    await calibrate.start.click();
    await expect.poll(() => calibrate.errorText(), { timeout: 10_000, interval: 100 }).toContain("Param 'duration' failed validity check");
    // Refused at the door: nothing runs (like upstream, the agent also drops its finished session).
    expect(await calibrate.statusText()).not.toMatch(/^(starting|running)/);
    expect(await sessionOnTheWire(THERMO, 'calibrate')).toBeNull();
  });

  it("shows ERROR and the agent's own message when an operation fails", async () => {
    const browser = new AgentBrowserPage(station.page);
    await browser.pick(HWP);
    const failing = browser.op('fail_on_purpose');
    await failing.root.waitFor({ state: 'visible', timeout: 10_000 });
    await browser.unlock();
    await failing.start.click();
    await expect
      .poll(async () => `${await failing.statusText()} ${await failing.errorText()}`, { timeout: 10_000, interval: 100 })
      .toContain('ERROR');
    const wire = (await sessionOnTheWire(HWP, 'fail_on_purpose'))!;
    expect(wire.success).toBe(false);
    // The op's own outcome message: the last one that is not a status-change note.
    const agentMessage = wire.messages.map(([, text]) => text).filter((text) => !text.startsWith('Status is now')).at(-1);
    expect(agentMessage).toBeTruthy();
    const shown = `${await failing.statusText()}\n${await failing.errorText()}\n${(await failing.messages.textContent()) ?? ''}`;
    expect(shown).toContain(agentMessage!);
  });

  it('stops a process with Stop, and Wait returns once a task is done', async () => {
    const browser = new AgentBrowserPage(station.page);
    await browser.pick(SHUTTER);
    const watch = browser.op('watch');
    await watch.root.waitFor({ state: 'visible', timeout: 10_000 });
    await browser.unlock();
    await watch.start.click();
    await expect.poll(() => watch.statusText(), { timeout: 10_000, interval: 100 }).toMatch(/^running/);
    await watch.stop.click();
    await expect.poll(() => watch.statusText(), { timeout: 10_000, interval: 100 }).toMatch(/^done – OK – /);
    expect((await sessionOnTheWire(SHUTTER, 'watch'))?.success).toBe(true);

    const open = browser.op('open');
    await open.start.click();
    await open.wait.click();
    // `open` takes 1 s; after Wait the session is done on the wire and in the status line.
    await expect.poll(() => open.statusText(), { timeout: 10_000, interval: 100 }).toMatch(/^done – OK – /);
    expect((await sessionOnTheWire(SHUTTER, 'open'))?.status).toBe('done');
    expect(await open.errorText()).toBe('');
  });
});
