#!/usr/bin/env node
// The `station` command: runs the compiled CLI (npm run build produces out/).
import('../out/main/cli.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('out/main/cli.js')) {
    console.error('station: the CLI is not built yet; run `npm run build` first.');
    process.exit(1);
  }
  throw error;
});
