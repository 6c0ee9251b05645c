/**
 * The read-only viewer URL in Chromium against `station serve`: the page shows "read-only" instead of
 * the lock toggle, an agent's op controls stay disabled, and the page's own bridge refuses an action
 * while the control URL's page still has its lock.
 */
import { describe, expect, it } from 'vitest';
import { AgentBrowserPage } from './pages/agent-browser.js';
import { RegistryGridPage } from './pages/registry-grid.js';
import { useStation } from './station-fixture.js';

const THERMO = 'observatory.demo-thermo';
const station = useStation({ openPage: false });

describe('read-only viewer (station serve in Chromium)', () => {
  it('shows read-only instead of the lock and keeps the op controls disabled', async () => {
    const [, readOnlyUrl] = await station.serve.proc.waitForLine(/^station serve: read-only (http:\/\/\S+\/\?token=[0-9a-f]{64})$/);
    const { page } = station;
    await page.goto(readOnlyUrl);
    const badge = page.getByTestId('read-only-badge');
    await badge.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await badge.textContent()).toBe('read-only');
    expect(await page.getByTestId('access-lock').count()).toBe(0);

    await new RegistryGridPage(page).row(THERMO).click({ timeout: 15_000 });
    const calibrate = new AgentBrowserPage(page).op('calibrate');
    await calibrate.root.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await calibrate.start.isDisabled()).toBe(true);
    // A request crafted in the page itself (its cookie holds the viewer token) is refused by the station too.
    const refused = await page.evaluate(
      () =>
        new Promise<unknown>((resolve) => {
          const socket = new WebSocket(`ws://${location.host}/bridge`);
          socket.onopen = () => socket.send(JSON.stringify({ id: 1, channel: 'op:start', request: { address: 'observatory.demo-thermo', op: 'calibrate' } }));
          socket.onmessage = (event) => {
            const message = JSON.parse(String(event.data)) as { kind: string; envelope?: unknown };
            if (message.kind === 'reply') resolve(message.envelope);
          };
        }),
    );
    expect(refused).toEqual({ ok: false, error: { code: 'forbidden', message: 'read-only viewer: op:start needs the control URL' } });
  });

  it('still shows the lock widget on the control URL', async () => {
    const { page } = station;
    await page.goto(station.serve.url);
    await page.getByTestId('access-lock').waitFor({ state: 'visible', timeout: 15_000 });
    expect(await page.getByTestId('read-only-badge').count()).toBe(0);
    expect(station.pageErrors).toEqual([]);
  });
});
