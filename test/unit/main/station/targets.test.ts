import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTarget } from '../../../../main/station/targets.js';

const EMBEDDED = { wsUrl: 'ws://127.0.0.1:8001/ws', realm: 'test_realm', addressRoot: 'observatory' };
let dir: string;
let embeddedStarts = 0;
const embedded = async () => (embeddedStarts++, EMBEDDED);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'station-targets-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveTarget', () => {
  it('resolves the embedded router (starting it through the resolver)', async () => {
    expect(await resolveTarget({ kind: 'embedded' }, embedded)).toEqual({ target: { kind: 'embedded' }, url: EMBEDDED.wsUrl, realm: 'test_realm', addressRoot: 'observatory' });
    expect(embeddedStarts).toBe(1);
  });

  it('takes a URL target as given, without touching the embedded router', async () => {
    const target = { kind: 'url' as const, url: 'ws://crossbar.site:8001/ws', realm: 'site', addressRoot: 'obs' };
    expect(await resolveTarget(target, embedded)).toEqual({ target, url: target.url, realm: 'site', addressRoot: 'obs' });
    expect(embeddedStarts).toBe(1);
  });

  it("reads a site config's hub, with the selected host's overrides", async () => {
    const file = join(dir, 'site.yaml');
    await writeFile(
      file,
      'hub:\n  wamp_server: ws://hub.site:8001/ws\n  wamp_realm: site_realm\n  address_root: obs\n' +
        'hosts:\n  localhost: {}\n  daq-1:\n    wamp_server: ws://10.0.0.5:8001/ws\n',
    );
    expect(await resolveTarget({ kind: 'site', siteFile: file }, embedded)).toMatchObject({ url: 'ws://hub.site:8001/ws', realm: 'site_realm', addressRoot: 'obs' });
    expect(await resolveTarget({ kind: 'site', siteFile: file, host: 'daq-1' }, embedded)).toMatchObject({
      target: { kind: 'site', siteFile: file, host: 'daq-1' },
      url: 'ws://10.0.0.5:8001/ws',
    });
  });

  it('refuses a missing or invalid site file with bad_request naming the file and the key', async () => {
    await expect(resolveTarget({ kind: 'site', siteFile: join(dir, 'missing.yaml') }, embedded)).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('missing.yaml'),
    });
    const invalid = join(dir, 'invalid.yaml');
    await writeFile(invalid, 'hub:\n  wamp_server: ws://hub/ws\n  wamp_realm: r\n');
    await expect(resolveTarget({ kind: 'site', siteFile: invalid }, embedded)).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/invalid\.yaml.*address_root/),
    });
  });
});
