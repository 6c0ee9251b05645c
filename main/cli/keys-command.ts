/**
 * `station keys create <name> | list | revoke <name|id>`: the API keys headless clients send as
 * `Authorization: Token <key>` (the SSE message stream of `station serve`). A key is printed once, at creation.
 */
import type { Command } from 'commander';
import { defaultDataDir, openStationStore, type ApiKeyRecord, type StationStore } from '../store/index.js';
import { DATA_DIR_FLAG, DATA_DIR_HELP } from './lifecycle.js';

interface KeysCliOptions {
  dataDir?: string;
}

function withStore<T>(options: KeysCliOptions, use: (store: StationStore) => T): T {
  const store = openStationStore(options.dataDir ?? defaultDataDir());
  try {
    return use(store);
  } finally {
    store.close();
  }
}

const isoTime = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

/** One line per key: id, name, created, revoked (or `-`). */
export function formatKeyList(keys: readonly ApiKeyRecord[]): string {
  if (keys.length === 0) return 'no API keys\n';
  return keys.map((key) => `${key.id}\t${key.name}\tcreated ${isoTime(key.createdAt)}\trevoked ${isoTime(key.revokedAt)}\n`).join('');
}

/** Registers `station keys`. */
export function addKeysCommand(program: Command): void {
  const keys = program.command('keys').description('API keys for headless clients of `station serve` (the SSE message stream)');
  keys
    .command('create <name>')
    .description('create a key and print it (once: only its hash is kept)')
    .option(DATA_DIR_FLAG, DATA_DIR_HELP)
    .action((name: string, options: KeysCliOptions) => {
      const created = withStore(options, (store) => store.apiKeys.create(name));
      process.stdout.write(`${created.key}\n`);
      process.stderr.write(`station keys: created key ${created.id} "${created.name}"; it is shown only now. Use it as "Authorization: Token <key>".\n`);
    });
  keys
    .command('list')
    .description('list the keys (never the keys themselves)')
    .option(DATA_DIR_FLAG, DATA_DIR_HELP)
    .action((options: KeysCliOptions) => {
      process.stdout.write(formatKeyList(withStore(options, (store) => store.apiKeys.list())));
    });
  keys
    .command('revoke <name-or-id>')
    .description('revoke a key by name or id; clients using it get 403')
    .option(DATA_DIR_FLAG, DATA_DIR_HELP)
    .action((nameOrId: string, options: KeysCliOptions) => {
      const revoked = withStore(options, (store) => store.apiKeys.revoke(nameOrId));
      if (!revoked) throw new Error(`no API key named or numbered "${nameOrId}"`);
      process.stdout.write(`revoked key ${revoked.id} "${revoked.name}"\n`);
    });
}
