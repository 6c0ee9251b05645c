import { describe, expect, it } from 'vitest';
import { RawPeer } from '../../helpers/raw-wamp.js';
import { startRouterProcess, startStation } from '../../helpers/station.js';

describe('station router', () => {
  it('prints where it listens, serves WAMP and /info, and shuts down cleanly on SIGTERM', async () => {
    const { proc, wsUrl, callUrl } = await startRouterProcess(['--realm', 'site_realm', '--address-root', 'obs']);
    const peer = await RawPeer.join(wsUrl, 'site_realm');
    const info = await (await fetch(callUrl.replace('/call', '/info'))).json();
    expect(info).toMatchObject({ realm: 'site_realm', address_root: 'obs', sessions: 1 });
    expect(await proc.stop('SIGTERM')).toBe(0);
    expect(peer.received).toContainEqual([6, { message: 'router is shutting down' }, 'wamp.close.system_shutdown']);
    expect(proc.lines.join('\n')).toMatch(/SIGTERM received, shutting down/);
  });

  it('exits cleanly on SIGINT', async () => {
    const { proc } = await startRouterProcess();
    expect(await proc.stop('SIGINT')).toBe(0);
  });

  it('refuses a bad option value with a message naming it', async () => {
    const proc = startStation(['router', '--port', '70000']);
    await proc.waitForLine(/--port must be a number between 0 and 65535, got "70000"/);
    expect(await proc.exited()).toBe(1);
  });
});
