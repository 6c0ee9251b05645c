/** What the station testbed tests share: a quick config, a message's identity for duplicate checks, the agents' processes. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TESTBED_CONFIG_DIR } from '../../main/testbed/config/index.js';

/** The shipped testbed.toml on `namespace` with only the runner and the data agent: quick on 2 cores. */
export function quickTestbedConfig(namespace: string): string {
  return readFileSync(join(DEFAULT_TESTBED_CONFIG_DIR, 'testbed.toml'), 'utf8')
    .replace('namespace = "torre1"', `namespace = "${namespace}"`)
    .replace(/\[agents\.fastmon\]\nenabled = true/, '[agents.fastmon]\nenabled = false')
    .replace(/\[agents\.fast_processing\]\nenabled = true/, '[agents.fast_processing]\nenabled = false');
}

/** The parts of a recorded testbed message (store record or view) that tell it apart from another. */
export interface KeyedMessage {
  destination: string;
  msgType: string;
  runId: string | null;
  body: Record<string, unknown>;
}

/** What makes a message unique: the STF for the runner and data agent, the TF for fastmon, the TF slice for fast processing. */
export function messageKey(message: KeyedMessage): string {
  const { body } = message;
  const content = (body.content ?? {}) as Record<string, unknown>;
  return [message.destination, message.msgType, message.runId ?? '', String(body.tf_filename ?? body.filename ?? body.sequence ?? ''), String(content.tf_filename ?? ''), String(content.slice_id ?? '')].join('|');
}

/** Keys of the messages recorded more than once. */
export function duplicatedKeys(messages: readonly KeyedMessage[]): string[] {
  const keys = messages.map(messageKey);
  return keys.filter((key, i) => keys.indexOf(key) !== i);
}

/** True while `pid` runs: a zombie (killed, not reaped yet by its new parent) counts as gone. */
export function processRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Running processes whose argv contains every one of `args` (as whole arguments). */
export function processesWithArgs(...args: string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (args.every((arg) => argv.includes(arg)) && processRunning(Number(entry))) pids.push(Number(entry));
  }
  return pids;
}
