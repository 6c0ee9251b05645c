/**
 * Lock levels in Chromium against `station serve`: the page starts at operate, expert-only actions are
 * disabled with a tooltip naming the level, the widget unlocks expert through the station with a
 * countdown to the relock, locking disables operate actions too; a second page keeps its own level.
 */
import { describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser.js';
import { AgentBrowserPage } from './pages/agent-browser.js';
import { ConnectionsPage } from './pages/connections.js';
import { LockWidget } from './pages/lock-widget.js';
import { useStation } from './station-fixture.js';

const station = useStation();

describe('lock levels (station serve in Chromium)', () => {
  it('unlocks expert in the widget, shows the countdown, and the expert action comes alive', async () => {
    const { page } = station;
    const lock = new LockWidget(page);
    expect(await lock.level()).toBe('operate');
    expect(await lock.relock.count()).toBe(0);

    const connections = new ConnectionsPage(page);
    await connections.open();
    const connectionSwitch = page.getByTestId('connection-switch');
    expect(await connectionSwitch.isDisabled()).toBe(true);
    expect(await connectionSwitch.getAttribute('title')).toBe('Needs level expert (now operate): unlock it in the top bar');

    await lock.set('expert');
    expect(await lock.button('expert').getAttribute('aria-pressed')).toBe('true');
    // The station's relock countdown (default relock_seconds 30): it ticks down.
    const seconds = async () => Number.parseInt((await lock.relock.textContent()) ?? '', 10);
    await expect.poll(seconds, { timeout: 5_000 }).toBeGreaterThan(0);
    const first = await seconds();
    // 30 at most, give or take the page's estimate of the station's clock (half an app:info round trip).
    expect(first).toBeLessThanOrEqual(31);
    await expect.poll(seconds, { timeout: 10_000 }).toBeLessThan(first);
    await expect.poll(() => connectionSwitch.isEnabled(), { timeout: 5_000 }).toBe(true);
    expect(await connectionSwitch.getAttribute('title')).toBeNull();
    await screenshot(page, 'lock-expert');
  });

  it("keeps another page's connection at its own level", async () => {
    const other = await station.browser.newPage();
    try {
      await other.goto(station.serve.url);
      expect(await new LockWidget(other).level()).toBe('operate');
      expect(await new LockWidget(station.page).level()).toBe('expert');
    } finally {
      await other.close();
    }
  });

  it('locking disables the agent controls; operate enables them again', async () => {
    const { page } = station;
    const lock = new LockWidget(page);
    await lock.set('locked');
    expect(await lock.relock.count()).toBe(0);
    const browser = new AgentBrowserPage(page);
    await browser.open();
    await browser.pick('observatory.demo-thermo');
    const calibrate = browser.op('calibrate');
    await calibrate.root.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await calibrate.start.isDisabled()).toBe(true);
    expect(await calibrate.start.getAttribute('title')).toBe('Needs level operate (now locked): unlock it in the top bar');
    await lock.set('operate');
    await expect.poll(() => calibrate.start.isEnabled(), { timeout: 5_000 }).toBe(true);
    expect(station.pageErrors).toEqual([]);
  });
});
