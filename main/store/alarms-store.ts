/**
 * The alarms' side of the station store (`store.alarms`): rule settings over the shipped defaults, and
 * the alarm rows the engine raises, updates and finishes (active ones survive a restart).
 */
import type Database from 'better-sqlite3';
import { ALARM_RULE_IDS, DEFAULT_ALARM_RULES, type AlarmRule, type AlarmRuleId, type AlarmView } from '../../shared/alarms.js';

export interface AlarmStore {
  /** Every rule: the defaults with the user's settings applied, in ALARM_RULE_IDS order. */
  rules(): AlarmRule[];
  /** Stores a rule's settings (label and unit stay the shipped ones). */
  saveRule(rule: AlarmRule): AlarmRule;
  /** Inserts a new alarm; returns its id. */
  insert(draft: Omit<AlarmView, 'id'>): number;
  /** Writes an alarm's changing fields (title, detail, cleared, acked, finished). */
  update(alarm: AlarmView): void;
  get(id: number): AlarmView | null;
  /** Active alarms, oldest first. */
  active(): AlarmView[];
  /** Finished alarms, newest first. */
  history(limit: number): AlarmView[];
}

interface RuleRow {
  id: string;
  enabled: number;
  delay_ms: number;
  latch: number;
  threshold: number | null;
  guidance: string;
}

interface EventRow {
  id: number;
  rule_id: string;
  subject: string;
  title: string;
  detail: string;
  guidance: string;
  latched: number;
  raised_at: number;
  cleared_at: number | null;
  acked_at: number | null;
  acked_by: string | null;
  finished_at: number | null;
}

const fromRow = (row: EventRow): AlarmView => ({
  id: row.id,
  ruleId: row.rule_id as AlarmRuleId,
  subject: row.subject,
  title: row.title,
  detail: row.detail,
  guidance: row.guidance,
  latched: row.latched === 1,
  raisedAt: row.raised_at,
  clearedAt: row.cleared_at,
  ackedAt: row.acked_at,
  ackedBy: row.acked_by,
  finishedAt: row.finished_at,
});

/** The alarm tables over an open, migrated database. `clock` stamps rule updates (Unix ms). */
export function createAlarmStore(db: Database.Database, clock: () => number = Date.now): AlarmStore {
  const selectRules = db.prepare<[], RuleRow>('SELECT id, enabled, delay_ms, latch, threshold, guidance FROM alarm_rules');
  const upsertRule = db.prepare(
    `INSERT INTO alarm_rules (id, enabled, delay_ms, latch, threshold, guidance, updated_at) VALUES (@id, @enabled, @delay_ms, @latch, @threshold, @guidance, @updated_at)
     ON CONFLICT(id) DO UPDATE SET enabled = excluded.enabled, delay_ms = excluded.delay_ms, latch = excluded.latch, threshold = excluded.threshold,
       guidance = excluded.guidance, updated_at = excluded.updated_at`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO alarm_events (rule_id, subject, title, detail, guidance, latched, raised_at, cleared_at, acked_at, acked_by, finished_at)
     VALUES (@rule_id, @subject, @title, @detail, @guidance, @latched, @raised_at, @cleared_at, @acked_at, @acked_by, @finished_at)`,
  );
  const updateEvent = db.prepare(
    'UPDATE alarm_events SET title = @title, detail = @detail, cleared_at = @cleared_at, acked_at = @acked_at, acked_by = @acked_by, finished_at = @finished_at WHERE id = @id',
  );
  const selectOne = db.prepare<[number], EventRow>('SELECT * FROM alarm_events WHERE id = ?');
  const selectActive = db.prepare<[], EventRow>('SELECT * FROM alarm_events WHERE finished_at IS NULL ORDER BY raised_at, id');
  const selectHistory = db.prepare<[number], EventRow>('SELECT * FROM alarm_events WHERE finished_at IS NOT NULL ORDER BY finished_at DESC, id DESC LIMIT ?');

  const row = (alarm: Omit<AlarmView, 'id'>) => ({
    rule_id: alarm.ruleId,
    subject: alarm.subject,
    title: alarm.title,
    detail: alarm.detail,
    guidance: alarm.guidance,
    latched: alarm.latched ? 1 : 0,
    raised_at: alarm.raisedAt,
    cleared_at: alarm.clearedAt,
    acked_at: alarm.ackedAt,
    acked_by: alarm.ackedBy,
    finished_at: alarm.finishedAt,
  });

  return {
    rules() {
      const saved = new Map(selectRules.all().map((stored) => [stored.id, stored]));
      return ALARM_RULE_IDS.map((id) => {
        const base = DEFAULT_ALARM_RULES.find((rule) => rule.id === id)!;
        const stored = saved.get(id);
        if (!stored) return { ...base };
        // A rule without a threshold keeps none, whatever an older row says.
        const threshold = base.threshold === null ? null : (stored.threshold ?? base.threshold);
        return { ...base, enabled: stored.enabled === 1, delayMs: stored.delay_ms, latch: stored.latch === 1, threshold, guidance: stored.guidance };
      });
    },
    saveRule(rule) {
      upsertRule.run({
        id: rule.id,
        enabled: rule.enabled ? 1 : 0,
        delay_ms: Math.max(0, Math.round(rule.delayMs)),
        latch: rule.latch ? 1 : 0,
        threshold: rule.threshold,
        guidance: rule.guidance,
        updated_at: clock(),
      });
      return this.rules().find((stored) => stored.id === rule.id)!;
    },
    insert: (draft) => Number(insertEvent.run(row(draft)).lastInsertRowid),
    update: (alarm) => void updateEvent.run({ ...row(alarm), id: alarm.id }),
    get: (id) => {
      const found = selectOne.get(id);
      return found ? fromRow(found) : null;
    },
    active: () => selectActive.all().map(fromRow),
    history: (limit) => selectHistory.all(limit).map(fromRow),
  };
}
