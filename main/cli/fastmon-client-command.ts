/**
 * `station fastmon-client`: the fast-monitoring terminal client (spec §3, over the SSE stream its README
 * promised). TF lines and the summary go to stdout, connection notices to stderr.
 * Exit codes: 0 after SIGINT/SIGTERM (with the summary), 1 when the server refuses the key or URL, 2 on usage errors.
 */
import type { Command } from 'commander';
import { colorEnabled } from '../fastmon-client/format.js';
import { DEFAULT_MESSAGE_TYPES, DEFAULT_STREAM_URL, parseList, startFastmonClient, streamUrl, StreamRefusedError } from '../fastmon-client/index.js';
import { stopOnSignals } from './lifecycle.js';

const NAME = 'station fastmon-client';

interface FastmonClientCliOptions {
  url: string;
  token?: string;
  messageTypes?: string;
  agents?: string;
  runIds?: string;
  namespaces?: string;
}

/** A usage error: one line on stderr and exit 2, so scripts can tell it from a refused key (1). */
function usageError(message: string): never {
  process.stderr.write(`${NAME}: ${message}\n`);
  process.exit(2);
}

/** `all` or `*` turns the type filter off; anything else is the list of types to show. */
function messageTypes(value: string | undefined): readonly string[] | null {
  if (value === undefined) return DEFAULT_MESSAGE_TYPES;
  const list = parseList(value);
  if (list.length === 1 && (list[0] === 'all' || list[0] === '*')) return null;
  if (list.length === 0) usageError('--message-types needs at least one type (or "all")');
  return list;
}

const optionalList = (value: string | undefined) => (value === undefined ? null : parseList(value));

/** Registers `station fastmon-client`. */
export function addFastmonClientCommand(program: Command): void {
  program
    .command('fastmon-client')
    .description("follow a station's message stream: one line per TF sample, per-run TF counts and bytes, a summary on Ctrl+C")
    .option('--url <url>', 'message stream URL (a bare http://host:port gets the stream path)', DEFAULT_STREAM_URL)
    .option('--token <key>', 'API key from `station keys create` (default $STATION_API_KEY; the variable keeps it out of `ps`)')
    .option('--message-types <a,b>', `message types to show, or "all" (default ${DEFAULT_MESSAGE_TYPES.join(',')})`)
    .option('--agents <a,b>', 'only messages processed by or sent by these agents')
    .option('--run-ids <a,b>', 'only these runs')
    .option('--namespaces <a,b>', 'only these testbed namespaces')
    .action((options: FastmonClientCliOptions) => runFastmonClient(options));
}

async function runFastmonClient(options: FastmonClientCliOptions): Promise<void> {
  const token = (options.token ?? process.env.STATION_API_KEY ?? '').trim();
  if (token === '') usageError('no API key: pass --token KEY or set STATION_API_KEY (create one with `station keys create NAME`)');
  let url: URL;
  try {
    url = streamUrl(options.url, {
      msgTypes: messageTypes(options.messageTypes),
      agents: optionalList(options.agents),
      runIds: optionalList(options.runIds),
      namespaces: optionalList(options.namespaces),
    });
  } catch (error) {
    usageError((error as Error).message);
  }
  const client = startFastmonClient({
    url,
    token,
    name: NAME,
    out: (line) => process.stdout.write(`${line}\n`),
    notice: (line) => process.stderr.write(`${line}\n`),
    color: { out: colorEnabled(process.stdout), notice: colorEnabled(process.stderr) },
  });
  stopOnSignals(NAME, async () => {
    process.stdout.write(await client.stop());
  });
  try {
    await client.done;
  } catch (error) {
    if (!(error instanceof StreamRefusedError)) throw error;
    process.stderr.write(`${NAME}: ${url.origin}${url.pathname} refused the connection (HTTP ${error.status}): ${error.detail}\n`);
    process.exit(1);
  }
}
