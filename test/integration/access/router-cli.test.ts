/** `station router --auth-config FILE`: the compiled CLI enforces the file's roles, and refuses a bad file before listening. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RawPeer } from '../../helpers/raw-wamp.js';
import { startRouterProcess, startStation } from '../../helpers/station.js';

const dir = mkdtempSync(join(tmpdir(), 'router-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('station router --auth-config', () => {
  it('prints the authorization it loaded and enforces it (anonymous iocs_controller may not register)', async () => {
    const config = join(dir, 'auth.yaml');
    writeFileSync(config, 'anonymous: iocs_controller\nroles:\n  - name: iocs_controller\n    permissions:\n      - {uri: "{address_root}.", match: prefix, allow: {call: true, subscribe: true}}\ntickets_file: tickets.yaml\n');
    writeFileSync(join(dir, 'tickets.yaml'), 'ops1: {ticket: t1, role: iocs_controller}\n');
    const { proc, wsUrl } = await startRouterProcess(['--address-root', 'obs', '--auth-config', config]);
    try {
      await proc.waitForLine(/^station router: authorization from .*auth\.yaml: roles iocs_controller; anonymous iocs_controller; 1 ticket principal\(s\)$/);
      const peer = await RawPeer.join(wsUrl);
      peer.send([64, 1, {}, 'obs.agent.ops']);
      expect(await peer.next((m) => m[0] === 8)).toEqual([8, 64, 1, {}, 'wamp.error.not_authorized', [expect.stringContaining("not authorized to register procedure 'obs.agent.ops'")]]);
      peer.close();
    } finally {
      expect(await proc.stop('SIGTERM')).toBe(0);
    }
  });

  it('exits 1 naming the file and the field for an invalid config', async () => {
    const config = join(dir, 'bad.yaml');
    writeFileSync(config, 'roles:\n  - name: r\n    permissions:\n      - {uri: x, match: glob, allow: {}}\n');
    const proc = startStation(['router', '--port', '0', '--auth-config', config]);
    await proc.waitForLine(/bad\.yaml: roles\.0\.permissions\.0\.match: /);
    expect(await proc.exited()).toBe(1);
    const missing = startStation(['router', '--port', '0', '--auth-config', join(dir, 'nope.yaml')]);
    await missing.waitForLine(/cannot read .*nope\.yaml: ENOENT/);
    expect(await missing.exited()).toBe(1);
  });
});
