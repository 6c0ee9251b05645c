/** One XML-RPC call to supervisord over its unix socket (HTTP POST /RPC2 with node:http). */
import { request } from 'node:http';
import { SupervisorFault, SupervisorUnavailable } from './errors.js';
import { decodeMethodResponse, encodeMethodCall, type XmlRpcValue } from './xmlrpc.js';

/** Sends `method(params)` to the supervisord listening on `socketPath`; resolves with its return value. */
export function callSupervisor(socketPath: string, method: string, params: readonly XmlRpcValue[], timeoutMs = 10_000): Promise<XmlRpcValue> {
  const body = Buffer.from(encodeMethodCall(method, params), 'utf8');
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        path: '/RPC2',
        method: 'POST',
        headers: { 'Content-Type': 'text/xml', 'Content-Length': body.length, Host: 'localhost' },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) {
            reject(new SupervisorUnavailable(`supervisord at ${socketPath} answered ${method} with HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
            return;
          }
          try {
            const decoded = decodeMethodResponse(text);
            if (decoded.ok) resolve(decoded.value);
            else reject(new SupervisorFault(decoded.code, decoded.faultString, method));
          } catch (error) {
            reject(new SupervisorUnavailable(`supervisord at ${socketPath} sent an unreadable ${method} reply: ${(error as Error).message}`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code ? `${error.code}` : error.message;
      reject(Object.assign(new SupervisorUnavailable(`supervisord is not answering on ${socketPath} (${reason})`), { cause: error }));
    });
    req.end(body);
  });
}
