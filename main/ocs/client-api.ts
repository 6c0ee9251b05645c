import { z } from 'zod';
import { ResponseCode, type EncodedSession, type FeedInfo } from '../../shared/ocs-codes.js';
import { ClientErrorUri, OcsCallError } from './client-errors.js';

/** The typed form of an ops reply `[code, message, session]`. */
export interface OcsReply {
  status: ResponseCode;
  message: string;
  /** The operation's session, or `null` where the wire carries `{}` (no session). */
  session: EncodedSession | null;
}

// Loose schemas: agents of other versions add keys, and older ones lack op_type/access_control.
const opInfoSchema = z
  .object({
    op_type: z.enum(['task', 'process']).optional(),
    blocking: z.boolean().optional(),
    abortable: z.boolean().optional(),
    docstring: z.string().nullable().optional(),
    min_privs: z.number().optional(),
  })
  .loose();
const opEntrySchema = z.tuple([z.string(), z.record(z.string(), z.unknown()), opInfoSchema]);
const feedEntrySchema = z.tuple([z.string(), z.record(z.string(), z.unknown())]);

const agentApiSchema = z
  .object({
    agent_class: z.string(),
    instance_hostname: z.string().optional(),
    instance_pid: z.number().optional(),
    feeds: z.array(feedEntrySchema).default([]),
    tasks: z.array(opEntrySchema).default([]),
    processes: z.array(opEntrySchema).default([]),
    access_control: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

/** `op_info` of a get_api entry (`AgentTask.encoded()` / `AgentProcess.encoded()`). */
export interface OpInfo {
  op_type?: 'task' | 'process';
  blocking?: boolean;
  abortable?: boolean;
  docstring?: string | null;
  min_privs?: number;
  [key: string]: unknown;
}
/** `[name, session_or_no_history, op_info]` as listed by get_api, get_tasks and get_processes. */
export type OpEntry = [name: string, session: Record<string, unknown>, info: OpInfo];

/** The result of the management query `get_api` (spec §1.3). */
export interface AgentApi {
  agent_class: string;
  instance_hostname?: string;
  instance_pid?: number;
  feeds: Array<[string, FeedInfo]>;
  tasks: OpEntry[];
  processes: OpEntry[];
  /** Present only on agents that accept the `password` kwarg (ocs >= v0.12.0). */
  access_control?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Validates a get_api result; throws `client.error.invalid_reply` naming the first bad key. */
export function parseAgentApi(raw: unknown, procedure?: string): AgentApi {
  const parsed = agentApiSchema.safeParse(raw);
  if (!parsed.success) throw invalid(`get_api result: ${firstIssue(parsed.error)}`, procedure);
  return parsed.data as unknown as AgentApi;
}

/** Validates a get_tasks / get_processes result. */
export function parseOpEntries(raw: unknown, procedure?: string): OpEntry[] {
  const parsed = z.array(opEntrySchema).safeParse(raw);
  if (!parsed.success) throw invalid(`operation list: ${firstIssue(parsed.error)}`, procedure);
  return parsed.data;
}

/** Validates a get_feeds result. */
export function parseFeedEntries(raw: unknown, procedure?: string): Array<[string, FeedInfo]> {
  const parsed = z.array(feedEntrySchema).safeParse(raw);
  if (!parsed.success) throw invalid(`feed list: ${firstIssue(parsed.error)}`, procedure);
  return parsed.data as unknown as Array<[string, FeedInfo]>;
}

const RESPONSE_CODES: readonly number[] = Object.values(ResponseCode);

/** Turns the wire reply `[code, message, session]` into an {@link OcsReply}. */
export function parseOpReply(raw: unknown, procedure?: string): OcsReply {
  if (!Array.isArray(raw) || raw.length !== 3) throw invalid(`expected [code, message, session], got ${JSON.stringify(raw)}`, procedure);
  const [status, message, session] = raw as unknown[];
  if (typeof status !== 'number' || !RESPONSE_CODES.includes(status)) throw invalid(`unknown response code ${JSON.stringify(status)}`, procedure);
  if (typeof message !== 'string') throw invalid(`reply message is not a string: ${JSON.stringify(message)}`, procedure);
  if (typeof session !== 'object' || session === null || Array.isArray(session)) throw invalid(`reply session is not an object: ${JSON.stringify(session)}`, procedure);
  const empty = Object.keys(session).length === 0;
  return { status: status as ResponseCode, message, session: empty ? null : (session as EncodedSession) };
}

/** The attribute name Python's OCSClient gives an op: `-` and spaces become `_`. */
export function opAttributeName(opName: string): string {
  return opName.replace(/[- ]/g, '_');
}

function invalid(text: string, procedure?: string): OcsCallError {
  return new OcsCallError(ClientErrorUri.invalidReply, [text], {}, procedure);
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.map(String).join('.') || '(root)';
  return `${path}: ${issue.message}`;
}
