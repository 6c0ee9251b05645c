/**
 * Canonical JSON for the message dedupe: object keys sorted at every depth, no whitespace, so the same
 * message hashes the same whatever order its fields were written in.
 */
import { createHash } from 'node:crypto';

/** JSON text with object keys sorted recursively (values JSON cannot hold are dropped as JSON.stringify does). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** Hex sha256 of the canonical JSON. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  // toJSON first (e.g. Date), as JSON.stringify would.
  const plain = typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON(): unknown }).toJSON() : value;
  if (plain === null || typeof plain !== 'object') return plain;
  if (Array.isArray(plain)) return plain.map(sortKeys);
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(plain).sort()) sorted[key] = sortKeys((plain as Record<string, unknown>)[key]);
  return sorted;
}
