import type { RunningProcess } from './net.js';
import { startStation } from './station.js';

/** A running `station serve` and what it printed once ready. */
export interface ServeProcess {
  proc: RunningProcess;
  /** The page URL with its token: `http://127.0.0.1:<port>/?token=<hex>`. */
  url: string;
  /** `http://127.0.0.1:<port>` (no path, no token). */
  origin: string;
  token: string;
  /** The embedded router's WebSocket URL, `ws://127.0.0.1:<wampPort>/ws`. */
  wampUrl: string;
  realm: string;
  addressRoot: string;
  /** Sends SIGTERM to this process (by its own pid) and resolves with its exit code. */
  stop(): Promise<number | null>;
}

const OPEN_LINE = /^station serve: open (http:\/\/[^/\s]+\/\?token=([0-9a-f]+))$/;
const ROUTER_LINE = /^station serve: WAMP router (ws:\/\/\S+\/ws) \(realm (\S+), address root (\S+)\)$/;

/**
 * Starts `station serve [...extra]` (on free ports unless `extra` names `--port` / `--wamp-port`) and
 * resolves once both ready lines are printed. Needs a built tree (`npm run build`), as `npm test` does first.
 */
export async function startServe(extra: string[] = [], timeoutMs = 20_000): Promise<ServeProcess> {
  const freePorts = ['--port', '--wamp-port'].filter((flag) => !extra.includes(flag)).flatMap((flag) => [flag, '0']);
  const proc = startStation(['serve', ...freePorts, ...extra]);
  try {
    const [, url, token] = await proc.waitForLine(OPEN_LINE, timeoutMs);
    const [, wampUrl, realm, addressRoot] = await proc.waitForLine(ROUTER_LINE, timeoutMs);
    return { proc, url, token, origin: new URL(url).origin, wampUrl, realm, addressRoot, stop: () => proc.stop('SIGTERM') };
  } catch (error) {
    await proc.stop('SIGKILL');
    throw error;
  }
}
