/** Driving an in-process station through its handler table, as the UI does. */
import type { Envelope, PushChannel } from '../../shared/ipc.js';
import type { HandlerTable } from '../../main/station/index.js';

/** An envelope's value, or an error naming its code and message. */
export function unwrap<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

/** Invokes `channel` on the station's table (as the UI does) and returns its value, or throws naming the channel. */
export async function tableValue<T>(table: HandlerTable, channel: string, request?: unknown): Promise<T> {
  const envelope = await table.invoke(channel, request);
  if (!envelope.ok) throw new Error(`${channel} failed: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.value as T;
}

/** Every push a table sends from now on; `of(channel)` flattens the array payloads of one channel. */
export function recordPushes(table: HandlerTable): { of<T>(channel: PushChannel): T[] } {
  const pushes: Array<{ channel: PushChannel; payload: unknown }> = [];
  table.onPush((channel, payload) => pushes.push({ channel, payload }));
  return { of: <T>(channel: PushChannel) => pushes.filter((push) => push.channel === channel).flatMap((push) => push.payload as T[]) };
}
