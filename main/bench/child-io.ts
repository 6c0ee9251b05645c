/** The line a bench router child prints once it accepts WebSocket connections. */
export const LISTENING_PREFIX = 'BENCH_ROUTER_LISTENING ';

/** Announces the router's WebSocket URL to the parent bench process on stdout. */
export function announceListening(wsUrl: string): void {
  process.stdout.write(`${LISTENING_PREFIX}${wsUrl}\n`);
}

/** Exits when the parent closes our stdin (it ended or crashed), so no router child outlives a bench run. */
export function exitWithParent(): void {
  process.stdin.on('data', () => {});
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('error', () => process.exit(0));
}

/** Reads the child's realm argument (every bench router child takes the realm as its first argument). */
export function realmArgument(): string {
  const realm = process.argv[2];
  if (!realm) throw new Error('usage: <bench router entry> <realm>');
  return realm;
}
