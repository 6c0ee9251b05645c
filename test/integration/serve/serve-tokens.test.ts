/**
 * `station serve` keeps its control and read-only tokens in the data dir (0600), so a restart accepts
 * the URLs and cookies it handed out before; `--new-tokens` replaces them and the old ones get 401.
 */
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_FILE_NAME } from '../../../main/serve/index.js';
import { startServe, type ServeProcess } from '../../helpers/serve.js';
import { cookieFrom, openSocket, rawGet } from './http-get.js';

let dataDir: string;
let serve: ServeProcess | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'station-serve-tokens-'));
});
afterAll(async () => {
  await serve?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Stops the running station (if any) and starts it again on the data dir. */
async function restart(extra: string[] = []): Promise<ServeProcess> {
  if (serve) expect(await serve.stop()).toBe(0);
  serve = await startServe(['--data-dir', dataDir, '--no-demo', '--no-smurf', ...extra]);
  return serve;
}

const port = (s: ServeProcess) => Number(new URL(s.origin).port);
const readOnlyToken = (s: ServeProcess) => /read-only http:\/\/\S+\?token=([0-9a-f]{64})/.exec(s.proc.lines.join('\n'))![1];

describe('station serve access tokens', () => {
  it('saves them owner-only and reuses them on restart: the old URL, cookie and read-only URL still work', async () => {
    const first = await restart();
    const file = join(dataDir, TOKEN_FILE_NAME);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(first.proc.lines.join('\n')).toContain(`access tokens saved to ${file}`);
    const cookie = cookieFrom(await rawGet(port(first), `/?token=${first.token}`));
    const viewer = readOnlyToken(first);

    const second = await restart();
    expect(second.token).toBe(first.token);
    expect(readOnlyToken(second)).toBe(viewer);
    expect(second.proc.lines.join('\n')).toContain(`access tokens reused from ${file}`);
    expect((await rawGet(port(second), `/?token=${first.token}`)).status).toBe(200);
    expect((await rawGet(port(second), '/', { cookie })).status).toBe(200);
    const socket = await openSocket(`ws://127.0.0.1:${port(second)}/bridge?token=${first.token}`, { origin: second.origin });
    socket.close();
  }, 60_000);

  it('makes new ones with --new-tokens; the old URL and cookie get 401', async () => {
    const old = serve!.token;
    const cookie = cookieFrom(await rawGet(port(serve!), `/?token=${old}`));
    const rotated = await restart(['--new-tokens']);
    expect(rotated.token).not.toBe(old);
    expect((await rawGet(port(rotated), `/?token=${old}`)).status).toBe(401);
    expect((await rawGet(port(rotated), '/', { cookie })).status).toBe(401);
    await expect(openSocket(`ws://127.0.0.1:${port(rotated)}/bridge?token=${old}`, { origin: rotated.origin })).rejects.toThrow('HTTP 401');
    expect((await rawGet(port(rotated), `/?token=${rotated.token}`)).status).toBe(200);
    // Kept from now on.
    expect((await restart()).token).toBe(rotated.token);
  }, 60_000);

  it('replaces a malformed token file with a warning naming it, and tightens a file readable by others', async () => {
    if (serve) expect(await serve.stop()).toBe(0);
    serve = undefined;
    const file = join(dataDir, TOKEN_FILE_NAME);
    await writeFile(file, '{"control": "not hex"', { mode: 0o600 });
    const replaced = await restart();
    expect(replaced.proc.lines.join('\n')).toContain(`station serve: warning: ${file} is not valid JSON; made new tokens (URLs opened before stop working)`);
    expect((await rawGet(port(replaced), `/?token=${replaced.token}`)).status).toBe(200);

    expect(await replaced.stop()).toBe(0);
    serve = undefined;
    await chmod(file, 0o644);
    const tightened = await restart();
    expect(tightened.token).toBe(replaced.token);
    expect(tightened.proc.lines.join('\n')).toContain(`${file} was readable by others (mode 644); set it to 600`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  }, 60_000);
});
