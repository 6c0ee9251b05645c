import type { RegisteredAgentInfo } from '../../shared/ocs-codes.js';

/** One entry of the Registry's `main` session.data (RegisteredAgent.encoded(), §4). */
export type RegistryEntry = RegisteredAgentInfo;

/**
 * Reads the Registry's `main` session.data (address → entry) through the router's HTTP bridge:
 * `observatory.registry.ops` `status main`, answered as `{"args": [[0, "Session active.", session]]}`.
 */
export async function fetchRegistryData(callUrl: string, addressRoot = 'observatory', timeoutMs = 10_000): Promise<Record<string, RegistryEntry>> {
  const response = await fetch(callUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ procedure: `${addressRoot}.registry.ops`, args: ['status', 'main', {}] }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await response.json()) as { args?: unknown[]; error?: string };
  const reply = body.args?.[0];
  if (!response.ok || !Array.isArray(reply) || reply[0] !== 0) throw new Error(`registry status failed (HTTP ${response.status}): ${JSON.stringify(body)}`);
  const session = reply[2] as { data?: Record<string, RegistryEntry> };
  return session.data ?? {};
}
