import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ClientErrorUri, OcsCallError } from './client-errors.js';
import { httpOpsArguments, type CallArguments, type OcsTransport, type OpRequest } from './client-transport.js';

export interface HttpTransportOptions {
  /** Give up on a call after this many ms. Default: never, like Python (a `wait` can last minutes). */
  timeoutMs?: number;
}

/**
 * Calls through the router's HTTP caller bridge (`POST /call`), like Python's
 * `ocs.client_http.ControlClient`.
 *
 * Uses node:http rather than the global fetch: undici's fetch has a fixed 300 s headers
 * timeout that cannot be lifted without the undici package, and `wait` must be able to block
 * for longer. One connection per call, as python-requests does without a Session.
 */
export class HttpTransport implements OcsTransport {
  readonly kind = 'http' as const;

  constructor(
    readonly callUrl: string,
    private readonly options: HttpTransportOptions = {},
  ) {}

  /** @inheritdoc */
  opsArguments(request: OpRequest): CallArguments {
    return httpOpsArguments(request);
  }

  /** @inheritdoc */
  async call(procedure: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<unknown> {
    const body = JSON.stringify({ procedure, args, kwargs });
    let reply: { status: number; text: string };
    try {
      reply = await post(this.callUrl, body, this.options.timeoutMs);
    } catch (error) {
      throw new OcsCallError(ClientErrorUri.connectionError, ['Connection error:', (error as Error).message], {}, procedure);
    }
    if (reply.status !== 200) throw new OcsCallError(ClientErrorUri.requestError, [`Server replied with code ${reply.status}`], {}, procedure);
    return decodeBridgeReply(reply.text, procedure);
  }
}

/**
 * Interprets a 200 body of the bridge: `{"args":[r]}` gives `r`, `{"error",args,kwargs}` throws
 * an {@link OcsCallError} carrying the WAMP error URI, anything else is an invalid reply.
 */
export function decodeBridgeReply(text: string, procedure?: string): unknown {
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch {
    throw new OcsCallError(ClientErrorUri.invalidReply, [`bridge replied with invalid JSON: ${text.slice(0, 200)}`], {}, procedure);
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) {
    throw new OcsCallError(ClientErrorUri.invalidReply, [`bridge replied with ${text.slice(0, 200)}`], {}, procedure);
  }
  const reply = decoded as { error?: unknown; args?: unknown; kwargs?: unknown };
  if ('error' in reply) {
    const args = Array.isArray(reply.args) ? reply.args : [];
    const kwargs = typeof reply.kwargs === 'object' && reply.kwargs !== null ? (reply.kwargs as Record<string, unknown>) : {};
    throw new OcsCallError(String(reply.error), args, kwargs, procedure);
  }
  return Array.isArray(reply.args) ? (reply.args[0] ?? null) : null;
}

/** POSTs `body` and collects the whole answer. Rejects only for transport failures. */
function post(url: string, body: string, timeoutMs?: number): Promise<{ status: number; text: string }> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (timeoutMs !== undefined) req.setTimeout(timeoutMs, () => req.destroy(new Error(`no reply within ${timeoutMs} ms`)));
    req.end(body);
  });
}
