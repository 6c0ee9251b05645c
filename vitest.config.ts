import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Renderer tests opt into jsdom per file (`// @vitest-environment jsdom`); everything else runs under plain Node.
    environment: 'node',
    // Stations started without --data-dir keep their store here, never in the user's own data directory.
    env: { STATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'station-test-data-')) },
    // Integration tests start real routers and Python peers on loopback; give them room on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
    // autobahn-js logs every connection close with console.log; keep test output readable.
    onConsoleLog: (log) => !/^(connection closed|auto-reconnect disabled)/.test(log),
  },
});
