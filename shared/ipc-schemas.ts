/** zod schemas for every renderer → main request of the IPC contract (shared/ipc.ts); main parses each payload with them. */
import { z } from 'zod';

const address = z.string().min(1).max(255).regex(/^[A-Za-z0-9_.-]+$/, 'agent address: letters, digits, "_", "-" and "."');
const opName = z.string().min(1).max(255).regex(/^[A-Za-z0-9_-]+$/, 'operation name: letters, digits, "_" and "-"');

export const requestSchemas = {
  'app:info': z.undefined(),
  'registry:snapshot': z.undefined(),
  'agent:api': z.object({ address }).strict(),
  'op:start': z.object({ address, op: opName, params: z.record(z.string(), z.unknown()).default({}) }).strict(),
  'op:abort': z.object({ address, op: opName }).strict(),
  'op:stop': z.object({ address, op: opName }).strict(),
  'op:status': z.object({ address, op: opName }).strict(),
  'op:wait': z.object({ address, op: opName, timeout: z.number().min(-1).max(86_400).nullable().default(null) }).strict(),
  'connection:get': z.undefined(),
  'connection:set': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('embedded') }).strict(),
    z.object({ kind: z.literal('site'), siteFile: z.string().min(1).max(4096), host: z.string().min(1).max(255).optional() }).strict(),
    z.object({ kind: z.literal('url'), url: z.string().regex(/^wss?:\/\//, 'a ws:// or wss:// URL'), realm: z.string().min(1).max(255), addressRoot: z.string().min(1).max(255) }).strict(),
  ]),
} as const;

export type RequestSchemas = typeof requestSchemas;
