/** Input checks of the testbed tables: a bad value is refused with the field named, before anything is written. */

const MAX_LIST = 10_000;

export function requireText(what: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${what}: "${field}" must be a non-empty string (got ${describe(value)})`);
  return value;
}

/** A string, '' allowed. */
export function requireString(what: string, field: string, value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`${what}: "${field}" must be a string (got ${describe(value)})`);
  return value;
}

export function optionalText(what: string, field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new TypeError(`${what}: "${field}" must be a string or null (got ${describe(value)})`);
  return value;
}

/** A Unix-ms time; values that look like Unix seconds are refused, since mixing the two breaks the liveness windows. */
export function requireTime(what: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new TypeError(`${what}: "${field}" must be a finite number (Unix ms), got ${describe(value)}`);
  if (value > 0 && value < 1e11) throw new TypeError(`${what}: "${field}" = ${value} looks like Unix seconds; the testbed tables take Unix ms (Date.now())`);
  return Math.round(value);
}

export function requireInteger(what: string, field: string, value: unknown, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) throw new TypeError(`${what}: "${field}" must be an integer ≥ ${min} (got ${describe(value)})`);
  return value;
}

export function optionalInteger(what: string, field: string, value: unknown): number | null {
  return value === undefined || value === null ? null : requireInteger(what, field, value);
}

export function requireOneOf<T extends string>(what: string, field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new TypeError(`${what}: "${field}" must be one of ${allowed.join(', ')} (got ${describe(value)})`);
  return value as T;
}

export function requireObject(what: string, field: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`${what}: "${field}" must be a JSON object (got ${describe(value)})`);
  return value as Record<string, unknown>;
}

/** A run id as messages carry it: the string form of the run number. */
export function runIdText(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** `limit` clamped to 1…10,000 (default 1,000: a whole 10-STF run's messages fit). */
export function listLimit(limit: number | undefined): number {
  return Math.min(Math.max(1, Math.floor(limit ?? 1000)), MAX_LIST);
}

/** `WHERE t.a = @a AND … [AND id > @afterId]` over the defined filters (undefined ones are left out), plus the bound values. */
export function whereEquals(filters: Record<string, unknown>, options: { alias?: string; afterId?: number } = {}): { where: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (options.afterId !== undefined) {
    clauses.push('id > @afterId');
    params.afterId = options.afterId;
  }
  const prefix = options.alias ? `${options.alias}.` : '';
  for (const [column, value] of Object.entries(filters)) {
    if (value === undefined) continue;
    clauses.push(`${prefix}${column} = @${column}`);
    params[column] = value;
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
