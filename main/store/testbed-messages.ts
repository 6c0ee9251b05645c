/**
 * Recorded testbed messages (the monitor's WorkflowMessage rows). Dedupe, enforced by unique indexes so
 * it holds across processes: a message with a broker id is a duplicate when the same id was recorded
 * on the same destination (a redelivery); one without is a duplicate when a message with the same
 * canonical-JSON body was (agents stamp sender, msg_type, run_id and a µs timestamp on every message,
 * so equal bodies mean the same send).
 */
import type Database from 'better-sqlite3';
import { canonicalHash, canonicalJson } from './canonical-json.js';
import type { ChangeEvents } from './change-events.js';
import { listLimit, requireObject, requireText, requireTime, runIdText, whereEquals } from './testbed-checks.js';
import type { MessageQuery, MessageRecord, TestbedStore } from './testbed-types.js';

interface MessageRow {
  id: number;
  message_id: string | null;
  destination: string;
  msg_type: string;
  sender: string | null;
  namespace: string | null;
  run_id: string | null;
  execution_id: string | null;
  body: string;
  received_at: number;
}

type MessageMethods = 'recordMessage' | 'listMessages' | 'countMessages';

export function testbedMessages(db: Database.Database, events: ChangeEvents): Pick<TestbedStore, MessageMethods> {
  const statements = {
    insert: db.prepare(
      `INSERT INTO testbed_messages (message_id, destination, msg_type, sender, namespace, run_id, execution_id, body, body_hash, received_at)
       VALUES (@messageId, @destination, @msgType, @sender, @namespace, @runId, @executionId, @body, @bodyHash, @receivedAt)
       ON CONFLICT DO NOTHING`,
    ),
    byDelivery: db.prepare<[string, string], { id: number }>('SELECT id FROM testbed_messages WHERE destination = ? AND message_id = ?'),
    byBody: db.prepare<[string], { id: number }>('SELECT id FROM testbed_messages WHERE body_hash = ? AND message_id IS NULL'),
    get: db.prepare<[number], MessageRow>('SELECT * FROM testbed_messages WHERE id = ?'),
  };
  const filter = (query: MessageQuery) =>
    whereEquals(
      {
        namespace: query.namespace,
        msg_type: query.msgType,
        sender: query.sender,
        run_id: query.runId === undefined ? undefined : runIdText(query.runId),
        execution_id: query.executionId,
        destination: query.destination,
      },
      { afterId: query.afterId },
    );

  return {
    recordMessage(message) {
      const what = 'testbed message';
      const body = requireObject(what, 'body', message.body) as Record<string, unknown>;
      const row = {
        messageId: message.messageId ? requireText(what, 'messageId', message.messageId) : null,
        destination: requireText(what, 'destination', message.destination),
        ...envelopeFields(body),
        body: canonicalJson(body),
        bodyHash: canonicalHash(body),
        receivedAt: requireTime(what, 'receivedAt', message.receivedAt),
      };
      const info = statements.insert.run(row);
      if (info.changes === 0) {
        const existing = row.messageId ? statements.byDelivery.get(row.destination, row.messageId) : statements.byBody.get(row.bodyHash);
        if (!existing) throw new Error(`testbed message on ${row.destination} was refused by the store but no duplicate was found`);
        return { inserted: false, id: existing.id };
      }
      const id = Number(info.lastInsertRowid);
      events.emit({ kind: 'testbed-message', message: toMessage(statements.get.get(id)!) });
      return { inserted: true, id };
    },

    listMessages(query = {}) {
      const { where, params } = filter(query);
      const bound = { ...params, limit: listLimit(query.limit) };
      const inner = `SELECT * FROM testbed_messages ${where} ORDER BY id ${query.newest ? 'DESC' : 'ASC'} LIMIT @limit`;
      const sql = query.newest ? `SELECT * FROM (${inner}) ORDER BY id ASC` : inner;
      return (db.prepare(sql).all(bound) as MessageRow[]).map(toMessage);
    },

    countMessages(query = {}) {
      const { where, params } = filter(query);
      return (db.prepare(`SELECT count(*) AS n FROM testbed_messages ${where}`).get(params) as { n: number }).n;
    },
  };
}

/** The columns the lists filter on, read from the body; `execution_id` falls back to the nested `content` of panda messages. */
function envelopeFields(body: Record<string, unknown>) {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  const content = typeof body.content === 'object' && body.content !== null ? (body.content as Record<string, unknown>) : {};
  return {
    msgType: text(body.msg_type) ?? text(body.command) ?? '',
    sender: text(body.sender),
    namespace: text(body.namespace),
    runId: runIdText(body.run_id) ?? runIdText(content.run_id),
    executionId: text(body.execution_id) ?? text(content.execution_id),
  };
}

function toMessage(row: MessageRow): MessageRecord {
  return {
    id: row.id,
    messageId: row.message_id,
    receivedAt: row.received_at,
    destination: row.destination,
    msgType: row.msg_type,
    sender: row.sender,
    namespace: row.namespace,
    runId: row.run_id,
    executionId: row.execution_id,
    body: JSON.parse(row.body) as Record<string, unknown>,
  };
}
