/** Fast monitoring: the pure, seeded sampling core and the fastmon agent (message and continuous mode). */
export * from './prng.js';
export * from './stf-name.js';
export * from './sampling.js';
export * from './settings.js';
export * from './stf-watcher.js';
export * from './fastmon-agent.js';
