import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomId } from './ids.js';
import type { Peer } from './peer.js';
import { ErrorUri, MessageType as T, type Dict, type WampMessage } from './protocol.js';
import type { Router } from './router.js';
import { parseTolerantJson } from './serializers.js';
import { uriProblem } from './uri-check.js';

type Reply = { status: number; body: Dict };

/**
 * The crossbar-style HTTP caller (`POST /call`): one CALL per request through the dealer, answered
 * 200 `{"args":[r]}` or 200 `{"error","args","kwargs"}`; malformed requests get 4xx with the reason.
 */
export class HttpCallBridge {
  private readonly pending = new Map<number, (message: WampMessage) => void>();
  private nextRequestId = 1;
  private readonly peer: Peer;

  constructor(
    private readonly router: Router,
    private readonly maxBodyBytes: number,
  ) {
    // The dealer answers this peer with RESULT [50, request, ...] or ERROR [8, 48, request, ...].
    const requestOf = (message: WampMessage) => (message[0] === T.RESULT ? message[1] : message[2]) as number;
    this.peer = { sessionId: randomId(), calleeCancels: false, send: (message) => this.pending.get(requestOf(message))?.(message) };
  }

  /** Serves one request to the bridge path. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'OPTIONS') return send(res, 204, undefined);
    if (req.method !== 'POST' && req.method !== 'PUT') return send(res, 405, failure(`method ${req.method} not allowed: use POST`));
    const contentType = req.headers['content-type'];
    // python-requests sends no Content-Type at all, so absence is accepted like crossbar does.
    if (contentType !== undefined && !/^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(contentType.trim())) {
      return send(res, 400, failure(`bad or missing content type: "${contentType}" (send application/json or none)`));
    }
    const text = await readBody(req, this.maxBodyBytes);
    if (text === undefined) return send(res, 413, failure(`request body over the ${this.maxBodyBytes}-byte limit`));
    const reply = await this.call(text, res);
    if (reply) send(res, reply.status, reply.body);
  }

  private async call(text: string, res: ServerResponse): Promise<Reply | undefined> {
    let body: unknown;
    try {
      body = parseTolerantJson(text);
    } catch (error) {
      return { status: 400, body: failure(`request body is not valid JSON: ${(error as Error).message}`) };
    }
    const problem = validateCallBody(body);
    if (problem) return { status: 400, body: failure(problem) };
    const { procedure, args, kwargs } = body as { procedure: string; args?: unknown[]; kwargs?: Dict };
    const refusal = this.refusal(procedure);
    if (refusal) return { status: 200, body: { error: ErrorUri.notAuthorized, args: [refusal], kwargs: {} } };
    const requestId = this.nextRequestId++;
    const answer = new Promise<WampMessage>((resolve) => this.pending.set(requestId, resolve));
    // If the HTTP client goes away before the answer, cancel the call instead of leaving it dangling.
    res.once('close', () => {
      if (this.pending.has(requestId)) this.router.dealer.cancel(this.peer, requestId, { mode: 'killnowait' });
    });
    // Like crossbar's session.call(*args, **kwargs): kwargs travel only when non-empty.
    const hasKwargs = kwargs !== undefined && kwargs !== null && Object.keys(kwargs).length > 0;
    this.router.dealer.call(this.peer, requestId, procedure, {}, { args: args ?? [], kwargs: hasKwargs ? kwargs : undefined });
    const message = await answer;
    this.pending.delete(requestId);
    if (res.destroyed) return undefined;
    if (message[0] === T.RESULT) return { status: 200, body: resultBody(message[3] as unknown[] | undefined, message[4] as Dict | undefined) };
    return { status: 200, body: { error: message[4] ?? ErrorUri.runtimeError, args: message[5] ?? [], kwargs: message[6] ?? {} } };
  }

  /** Why the bridge's role may not call `procedure` (authorization's `httpRole`), or null when it may. */
  private refusal(procedure: string): string | null {
    const authorization = this.router.authorization;
    if (!authorization) return null;
    const role = authorization.config.httpRole;
    if (role === false) return 'the HTTP caller bridge is disabled: anonymous access is refused on this router';
    if (authorization.permits(role, 'call', procedure)) return null;
    return `the HTTP caller bridge (authrole=${role}) is not authorized to call procedure '${procedure}'`;
  }
}

/** Shapes a RESULT like crossbar: a single value as `{"args":[v]}` (null when none), several with kwargs. */
function resultBody(args: unknown[] | undefined, kwargs: Dict | undefined): Dict {
  const hasKwargs = kwargs !== undefined && Object.keys(kwargs).length > 0;
  if (!hasKwargs && (args === undefined || args.length <= 1)) return { args: [args?.[0] ?? null] };
  return { args: args ?? [], kwargs: kwargs ?? {} };
}

/** Returns what is wrong with a /call body, or undefined when it is well formed. */
export function validateCallBody(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'request body must be a JSON object';
  const { procedure, args, kwargs } = body as Dict;
  if (typeof procedure !== 'string' || procedure.length === 0) return 'missing or invalid "procedure": a non-empty string is required';
  const problem = uriProblem(procedure);
  if (problem) return `invalid procedure URI "${procedure}": ${problem}`;
  if (args !== undefined && args !== null && !Array.isArray(args)) return '"args" must be a list';
  if (kwargs !== undefined && kwargs !== null && (typeof kwargs !== 'object' || Array.isArray(kwargs))) return '"kwargs" must be an object';
  return undefined;
}

function failure(text: string): Dict {
  return { error: text, args: [], kwargs: {} };
}

/** Reads the request body as UTF-8, or resolves undefined once it passes `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Writes a JSON reply with crossbar's content type. */
export function send(res: ServerResponse, status: number, body: Dict | undefined): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'access-control-allow-methods': 'POST, PUT, OPTIONS',
    'access-control-allow-headers': 'content-type',
  });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}
