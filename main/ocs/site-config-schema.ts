import { z } from 'zod';

// Zod schemas of the OCS site config file (spec §6, ocs/site_config.py). Every message is written
// to follow the key path, so the loader can report "hub.wamp_realm must be a string".
// Unknown keys are kept and ignored, as Python does.

/** HostManager `manage` values, with their aliases (docs/agents/host_manager.rst). */
export const MANAGE_VALUES = ['host/up', 'host/down', 'docker/up', 'docker/down', 'ignore', 'yes', 'no', 'docker', 'host', 'up', 'down'] as const;

const typeError = (what: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`);
const text = () => z.string({ error: typeError('a string') }).min(1, 'must not be empty');
const mapping = <T extends z.ZodRawShape>(shape: T) => z.object(shape, { error: typeError('a mapping') }).loose();
const list = <T extends z.ZodType>(item: T) => z.array(item, { error: typeError('a list') });

const wsUrl = () => text().refine((value) => /^wss?:\/\/[^/\s]+/.test(value), 'must be a ws:// or wss:// URL');
const httpUrl = () => text().refine((value) => /^https?:\/\/[^/\s]+/.test(value), 'must be an http:// or https:// URL');

/** An OCS access policy: `none`, `override:<pw2>,<pw3>` or `director:<instance-id>`. */
const accessPolicy = () =>
  text().refine((value) => value === 'none' || /^override:/.test(value) || /^director:[^.\s]+$/.test(value), 'must be "none", "override:<passwords>" or "director:<instance-id>"');

/** Instance ids become one URI component: `.` would break the wildcard patterns (spec §1.1). */
const instanceId = () => text().refine((value) => !value.includes('.') && !/\s/.test(value), 'must not contain "." or spaces');

/** An `arguments` entry: a scalar or a (nested) list of scalars, flattened and str()-ed later. */
type ArgumentEntry = string | number | boolean | null | ArgumentEntry[];
const argumentEntry: z.ZodType<ArgumentEntry> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(argumentEntry)], { error: 'must be a string, number, boolean or a list of them' }),
);

export const instanceSchema = mapping({
  'agent-class': text(),
  'instance-id': instanceId(),
  arguments: list(argumentEntry).nullish(),
  // YAML 1.1 reads `manage: yes` as a boolean; give it back its alias spelling.
  manage: z
    .union([z.boolean().transform((on) => (on ? 'yes' : 'no')), z.enum(MANAGE_VALUES)], { error: `must be one of ${MANAGE_VALUES.join(', ')}` })
    .nullish(),
});

export const hostSchema = mapping({
  'agent-instances': list(instanceSchema).nullish(),
  'agent-paths': list(text()).nullish(),
  'log-dir': text().nullish(),
  // null disables crossbar control, {} enables it with defaults (site_config.CrossbarConfig).
  crossbar: mapping({ 'config-dir': text().nullish(), bin: text().nullish() }).nullish(),
  // The code reads the underscore spelling; the docs' 'crossbar-timeout' is ignored upstream too.
  crossbar_timeout: z.number({ error: typeError('a number') }).min(0, 'must be 0 (wait forever) or more').nullish(),
  wamp_server: wsUrl().nullish(),
  wamp_http: httpUrl().nullish(),
  wamp_realm: text().nullish(),
});

export const hubSchema = mapping({
  wamp_server: wsUrl(),
  wamp_http: httpUrl().nullish(),
  wamp_realm: text(),
  address_root: text().refine((value) => /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(value), 'must be dot-separated words (e.g. "observatory")'),
  access_policy: accessPolicy().nullish(),
  registry_address: text().nullish(),
});

export const siteSchema = z
  .object(
    {
      hub: hubSchema,
      hosts: z.record(z.string(), hostSchema.nullable(), { error: typeError('a mapping of host names') }).nullish(),
    },
    { error: 'must be a YAML mapping with "hub" and "hosts" keys' },
  )
  .loose();

export type RawSite = z.infer<typeof siteSchema>;
export type RawHost = z.infer<typeof hostSchema>;
export type RawInstance = z.infer<typeof instanceSchema>;

/** Formats a zod path like `hosts["daq.local"].agent-instances[0].instance-id`. */
export function formatKeyPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[\w-]+$/.test(String(key))) out += out ? `.${String(key)}` : String(key);
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}
