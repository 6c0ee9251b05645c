/** zod schemas for every renderer → main request of the IPC contract (shared/ipc.ts); main parses each payload with them. */
import { z } from 'zod';
import { ALARM_RULE_IDS } from './alarms.js';

// Dot-separated non-empty components: an address like `..` would make a WAMP URI with empty components, which the router answers by dropping the station's session.
const address = z.string().min(1).max(255).regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'agent address: letters, digits, "_" and "-", in components separated by single "."');
const opName = z.string().min(1).max(255).regex(/^[A-Za-z0-9_-]+$/, 'operation name: letters, digits, "_" and "-"');

const configName = z.string().min(1).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9_-]*(\.toml)?$/, 'config name: letters, digits, "_" and "-" (optionally ending in .toml)');
const configSource = z.enum(['builtin', 'user']);
const namespace = z.string().min(1).max(255).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "namespace: letters, digits, '.', '_' and '-'");
const executionId = z.string().min(1).max(255).regex(/^[A-Za-z0-9._-]+$/, 'execution id: letters, digits, "_", "-" and "."');
const programName = z.string().min(1).max(255).regex(/^[A-Za-z0-9_.-]+$/, 'program name: letters, digits, "_", "-" and "."');
const shortText = z.string().min(1).max(255);
// OCS feed names (ocs_feed.py): letters, digits, '_' and '-'.
const feedName = z.string().min(1).max(255).regex(/^[A-Za-z0-9_-]+$/, 'feed name: letters, digits, "_" and "-"');
const logSourceId = z.string().min(1).max(300).regex(/^[a-z]+:[A-Za-z0-9_.:@-]+$/, 'log source id');
const logLevels = z.array(z.enum(['ERROR', 'WARN', 'INFO', 'DEBUG'])).max(4).optional();

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
  'smurf:info': z.undefined(),
  'smurf:slots': z.undefined(),
  'scripts:list': z.undefined(),
  'scripts:history': z.object({ limit: z.number().int().min(1).max(1000).default(100), before: z.number().int().min(1).optional() }).strict().default({ limit: 100 }),
  'scripts:output': z.object({ runId: z.number().int().min(1), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(10_000).default(1000) }).strict(),
  'smurf:datafiles': z
    .object({ pubId: z.string().min(1).max(255).optional(), action: z.string().min(1).max(255).optional(), limit: z.number().int().min(1).max(5000).default(500) })
    .strict()
    .default({ limit: 500 }),
  'testbed:status': z.object({ watch: z.boolean().default(false) }).strict().default({ watch: false }),
  'testbed:config:list': z.undefined(),
  'testbed:config:read': z.object({ name: configName, source: configSource.default('user') }).strict(),
  'testbed:config:validate': z.object({ text: z.string().max(1_000_000), name: configName.default('testbed.toml') }).strict(),
  'testbed:config:save': z.object({ name: configName, text: z.string().max(1_000_000) }).strict(),
  'testbed:run': z
    .object({
      config: z.object({ name: configName, source: configSource.default('user') }).strict().optional(),
      params: z
        .object({
          stf_count: z.number().int().min(0).max(1_000_000).optional(),
          physics_period_count: z.number().int().min(0).max(10_000).optional(),
          stf_interval: z.number().min(0).max(86_400).optional(),
          realtime: z.boolean().optional(),
        })
        .strict()
        .default({}),
    })
    .strict()
    .default({ params: {} }),
  'testbed:stop-workflow': z.object({ executionId: executionId.optional() }).strict().default({}),
  'testbed:stop-agents': z.undefined(),
  'testbed:agent': z.object({ action: z.enum(['start', 'stop', 'restart']), name: programName }).strict(),
  'testbed:messages': z
    .object({
      namespace: namespace.optional(),
      msgType: shortText.optional(),
      sender: shortText.optional(),
      runId: shortText.optional(),
      executionId: executionId.optional(),
      afterId: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(10_000).default(1000),
    })
    .strict()
    .default({ limit: 1000 }),
  'testbed:executions': z
    .object({ namespace: namespace.optional(), status: z.enum(['running', 'completed', 'failed', 'terminated']).optional(), limit: z.number().int().min(1).max(1000).default(100) })
    .strict()
    .default({ limit: 100 }),
  'fastmon:runs': z
    .object({ executionId: executionId.optional(), namespace: namespace.optional(), limit: z.number().int().min(1).max(1000).default(100) })
    .strict()
    .default({ limit: 100 }),
  'fastmon:tfs': z
    .object({
      runNumber: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
      stfFilename: z.string().min(1).max(1024).optional(),
      executionId: executionId.optional(),
      afterId: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(5000).default(1000),
      newest: z.boolean().default(false),
    })
    .strict()
    .default({ limit: 1000, newest: false }),
  'fastmon:stf': z.object({ stfFilename: z.string().min(1).max(1024) }).strict(),
  // Alarms (shared/alarms.ts): times are ms.
  'alarms:list': z.object({ historyLimit: z.number().int().min(0).max(1000).default(100) }).strict().default({ historyLimit: 100 }),
  'alarms:ack': z.object({ id: z.number().int().min(1) }).strict(),
  'alarms:rules': z.undefined(),
  'alarms:set-rule': z
    .object({
      id: z.enum(ALARM_RULE_IDS),
      enabled: z.boolean().optional(),
      delayMs: z.number().int().min(0).max(86_400_000).optional(),
      latch: z.boolean().optional(),
      threshold: z.number().finite().min(0).max(1e9).optional(),
      guidance: z.string().max(2000).optional(),
    })
    .strict(),
  // Live feed plots (shared/feeds.ts).
  'feeds:list': z.object({ address, waitMs: z.number().int().min(0).max(10_000).default(2500) }).strict(),
  'feeds:subscribe': z.object({ address, feed: feedName }).strict(),
  'feeds:unsubscribe': z.object({ address, feed: feedName }).strict(),
  // Operation monitor (shared/operations.ts): times are Unix seconds; a window is at most 31 days.
  'ops:grid': z.undefined(),
  'ops:timeline': z
    .object({ from: z.number().finite().min(0), to: z.number().finite().min(0), agentClass: shortText.optional(), agent: address.optional() })
    .strict()
    .refine((query) => query.to > query.from, 'ops:timeline: "to" must be after "from"')
    .refine((query) => query.to - query.from <= 31 * 86_400, 'ops:timeline: the window is at most 31 days'),
  'ops:record': z.object({ id: z.number().int().min(1) }).strict(),
  // Audit log (shared/audit.ts): times are Unix ms; `before` is an entry id.
  'audit:list': z
    .object({
      text: z.string().max(255).optional(),
      action: z.string().min(1).max(255).optional(),
      result: z.enum(['ok', 'error']).optional(),
      since: z.number().int().min(0).optional(),
      until: z.number().int().min(0).optional(),
      before: z.number().int().min(1).optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    })
    .strict()
    .default({ limit: 200 }),
  // Log viewer (shared/logs.ts): source ids are opaque, paths are re-validated in main (realpath + regular file).
  'logs:sources': z.undefined(),
  'logs:open': z.object({ path: z.string().min(1).max(4096) }).strict(),
  'logs:close': z.object({ sourceId: logSourceId }).strict(),
  'logs:window': z.object({ sourceId: logSourceId, fromLine: z.number().int().min(1), count: z.number().int().min(1).max(2000), levels: logLevels }).strict(),
  'logs:search': z
    .object({
      sourceId: logSourceId,
      query: z.string().min(1).max(1000),
      regex: z.boolean().default(false),
      caseSensitive: z.boolean().default(false),
      levels: logLevels,
      fromLine: z.number().int().min(1).optional(),
      direction: z.enum(['next', 'prev']).default('next'),
      limit: z.number().int().min(1).max(5000).default(1000),
    })
    .strict(),
  'logs:follow': z.object({ sourceId: logSourceId, follow: z.boolean() }).strict(),
  'logs:merged': z.object({ sourceIds: z.array(logSourceId).min(1).max(16), fromTime: z.number().finite().optional(), cursor: z.string().max(20_000).optional(), count: z.number().int().min(1).max(2000) }).strict(),
  'logs:jump': z.object({ sourceId: logSourceId, time: z.number().finite() }).strict(),
  // The calling connection's lock (shared/access.ts).
  'access:get': z.undefined(),
  'access:set': z.object({ level: z.enum(['locked', 'operate', 'expert']) }).strict(),
} as const;

export type RequestSchemas = typeof requestSchemas;
