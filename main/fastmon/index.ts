/** Pure, seeded sampling core of the fastmon agent. */
export * from './prng.js';
export * from './stf-name.js';
export * from './sampling.js';
