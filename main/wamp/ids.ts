import { MAX_ID } from './protocol.js';

/**
 * Draws a random WAMP id over [1, 2^53]. Random (not sequential) ids matter: a Python peer whose
 * session object survives a router restart rejects a REGISTERED id it has seen before.
 */
export function randomId(): number {
  return Math.floor(Math.random() * MAX_ID) + 1;
}

/** Draws a random id not already a key of `taken`. */
export function freshId(taken: { has(id: number): boolean }): number {
  let id = randomId();
  while (taken.has(id)) id = randomId();
  return id;
}
