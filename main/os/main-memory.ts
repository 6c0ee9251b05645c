import type { MainMemory } from '../../shared/ipc.js';

const MB = 1024 * 1024;

/** This process's memory in MB (one decimal): what RSS holds against what the JS heap and its buffers account for. */
export function mainMemory(): MainMemory {
  const usage = process.memoryUsage();
  const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
  return { rss: mb(usage.rss), heapUsed: mb(usage.heapUsed), heapTotal: mb(usage.heapTotal), external: mb(usage.external), arrayBuffers: mb(usage.arrayBuffers) };
}
