/**
 * Loads the router's authorization config (`station router --auth-config FILE`, YAML or JSON) and checks
 * it, with errors that name the file and the field. Roles use crossbar's realm `roles` list, so the
 * roles of an OCS crossbar config can be pasted in; `{address_root}` in a URI is the router's root.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { WAMP_ACTIONS, type AuthorizationConfig, type Permission, type TicketPrincipal } from './authorization.js';

const name = z.string().min(1).max(255);
const permission = z
  .object({
    uri: z.string().max(1024),
    match: z.enum(['exact', 'prefix', 'wildcard']).default('exact'),
    allow: z.object({ call: z.boolean().default(false), register: z.boolean().default(false), publish: z.boolean().default(false), subscribe: z.boolean().default(false) }).strict(),
    // Accepted for crossbar compatibility; the router neither discloses callers nor caches decisions.
    disclose: z.unknown().optional(),
    cache: z.unknown().optional(),
  })
  .strict();
const principals = z.record(name, z.object({ ticket: z.string().min(1), role: name }).strict());
const fileSchema = z
  .object({
    anonymous: z.union([name, z.literal(false), z.null()]).optional(),
    http_role: z.union([name, z.literal(false), z.null()]).optional(),
    roles: z.array(z.object({ name, permissions: z.array(permission) }).strict()).default([]),
    tickets: principals.optional(),
    tickets_file: z.string().min(1).optional(),
  })
  .strict();

/** Raised for a config the router cannot use; the message names the file and what is wrong. */
export class AuthConfigError extends Error {
  override readonly name = 'AuthConfigError';
}

/** Reads and checks an auth config file; `addressRoot` fills `{address_root}` in permission URIs. */
export function loadAuthConfig(file: string, addressRoot: string): AuthorizationConfig {
  return parseAuthConfig(readText(file), file, addressRoot, (ticketsFile) => readText(resolve(dirname(file), ticketsFile)));
}

/** Checks an auth config given as text; `readTickets` reads a `tickets_file` (relative to the config). */
export function parseAuthConfig(text: string, source: string, addressRoot: string, readTickets: (file: string) => string = () => ''): AuthorizationConfig {
  const raw = parseText(text, source);
  const parsed = fileSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new AuthConfigError(`${source}: ${describe(parsed.error)}`);
  const config = parsed.data;
  const roles: Record<string, Permission[]> = {};
  for (const role of config.roles) {
    if (Object.hasOwn(roles, role.name)) throw new AuthConfigError(`${source}: role "${role.name}" is defined twice`);
    roles[role.name] = role.permissions.map((rule) => ({
      uri: rule.uri.replaceAll('{address_root}', addressRoot),
      match: rule.match,
      allow: Object.fromEntries(WAMP_ACTIONS.map((action) => [action, rule.allow[action]])) as Permission['allow'],
    }));
  }
  let tickets: Record<string, TicketPrincipal> = { ...(config.tickets ?? {}) };
  if (config.tickets_file) {
    const fromFile = principals.safeParse(parseText(readTickets(config.tickets_file), config.tickets_file) ?? {});
    if (!fromFile.success) throw new AuthConfigError(`${config.tickets_file}: ${describe(fromFile.error)}`);
    tickets = { ...tickets, ...fromFile.data };
  }
  const known = (role: string, where: string) => {
    if (!Object.hasOwn(roles, role)) throw new AuthConfigError(`${source}: ${where} names role "${role}", which is not defined (roles: ${Object.keys(roles).join(', ') || 'none'})`);
  };
  if (typeof config.anonymous === 'string') known(config.anonymous, 'anonymous');
  if (typeof config.http_role === 'string') known(config.http_role, 'http_role');
  for (const [authid, principal] of Object.entries(tickets)) known(principal.role, `ticket principal "${authid}"`);
  const anonymous = config.anonymous === undefined ? null : config.anonymous;
  // The HTTP bridge cannot authenticate: it is anonymous unless told otherwise (refused when anonymous sessions are).
  const httpRole = config.http_role !== undefined ? config.http_role : anonymous;
  return { roles, anonymous, tickets, httpRole };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new AuthConfigError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function parseText(text: string, source: string): unknown {
  try {
    // YAML 1.2 reads JSON as well.
    return parse(text);
  } catch (error) {
    throw new AuthConfigError(`${source}: not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
  }
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
