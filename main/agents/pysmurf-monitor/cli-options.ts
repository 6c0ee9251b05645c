import { parseArgs } from 'node:util';

/** Monitor settings from the command line or the site config's instance arguments. */
export interface MonitorArguments {
  udpPort?: number;
  bindAddress?: string;
  /** Where the station store lives (the files index). */
  dataDir?: string;
}

/** Flags of `station agent PysmurfMonitor`, for help texts: [flag, description]. */
export const MONITOR_FLAGS: ReadonlyArray<[string, string]> = [
  ['--udp-port <port>', 'UDP port for pysmurf publisher datagrams (default 8200, 0 = free)'],
  ['--bind <address>', 'address to listen on (default 127.0.0.1; 0.0.0.0 for crates on the network)'],
  ['--data-dir <dir>', 'station data directory holding the store (default: the station user data directory)'],
];

/**
 * Parses `--udp-port N`, `--bind ADDR` and `--data-dir DIR` (also `--flag=value`) from an argument list
 * such as a site config's `arguments`. Throws naming the flag on a bad value or an unknown flag.
 */
export function parseMonitorArguments(args: readonly string[]): MonitorArguments {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: [...args],
      options: { 'udp-port': { type: 'string' }, bind: { type: 'string' }, 'data-dir': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }).values as Record<string, string | undefined>;
  } catch (error) {
    throw new Error(`PysmurfMonitor arguments: ${(error as Error).message}`);
  }
  const result: MonitorArguments = {};
  const port = values['udp-port'];
  if (port !== undefined) {
    if (!/^\d+$/.test(port) || Number(port) > 65535) throw new Error(`PysmurfMonitor arguments: --udp-port must be a port number 0-65535 (got "${port}")`);
    result.udpPort = Number(port);
  }
  if (values.bind !== undefined) {
    if (values.bind.trim() === '') throw new Error('PysmurfMonitor arguments: --bind needs an address');
    result.bindAddress = values.bind;
  }
  if (values['data-dir'] !== undefined) {
    if (values['data-dir'].trim() === '') throw new Error('PysmurfMonitor arguments: --data-dir needs a directory');
    result.dataDir = values['data-dir'];
  }
  return result;
}
