/** Thrown when session data cannot be made strict JSON (upstream raises ValueError with this text). */
export class JsonSafeError extends Error {
  constructor() {
    super('Session.data cannot store inf/-inf; please convert to NaN.');
    this.name = 'ValueError';
  }
}

/**
 * Copies `data` into strict JSON, like upstream `OpSession.encoded()`'s `json_safe(data, check_ok=True)`:
 * NaN becomes null, ±Infinity throws {@link JsonSafeError}, typed arrays (numpy's counterpart) become lists.
 * Keys whose value is `undefined` are dropped and `undefined` list items become null, as JSON.stringify does.
 */
export function jsonSafe(data: unknown): unknown {
  if (typeof data === 'number') {
    if (Number.isNaN(data)) return null;
    if (!Number.isFinite(data)) throw new JsonSafeError();
    return data;
  }
  if (data === null || typeof data === 'string' || typeof data === 'boolean') return data;
  if (data === undefined) return null;
  if (typeof data === 'bigint') return Number(data);
  if (Array.isArray(data)) return data.map(jsonSafe);
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) {
    return Array.from(data as unknown as ArrayLike<number | bigint>, jsonSafe);
  }
  if (typeof data === 'object') {
    // toJSON (e.g. Date) gets the same treatment JSON.stringify would give it.
    const maybeJson = data as { toJSON?: () => unknown };
    if (typeof maybeJson.toJSON === 'function') return jsonSafe(maybeJson.toJSON());
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
      if (value !== undefined) out[key] = jsonSafe(value);
    }
    return out;
  }
  return null;
}
