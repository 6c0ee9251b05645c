/**
 * The alarm state machine, per (rule, subject): the condition holds → (after the rule's delay) an alarm
 * is raised → the condition clears → the alarm finishes (unlatched, or latched and acknowledged).
 * Pure and deterministic: time comes from the injected clock, ids from the injected allocator.
 */
import type { AlarmRule, AlarmRuleId, AlarmView } from '../../shared/alarms.js';

/** One observation of a rule's condition for one subject. */
export interface AlarmCondition {
  ruleId: AlarmRuleId;
  subject: string;
  holds: boolean;
  /** Shown with the alarm (raised ones keep the latest while the condition holds). */
  title?: string;
  detail?: string;
}

export interface AlarmChange {
  kind: 'raised' | 'updated' | 'finished';
  alarm: AlarmView;
}

export interface AlarmEngineOptions {
  /** Unix ms. */
  now(): number;
  rule(id: AlarmRuleId): AlarmRule;
  /** A new alarm's id (the store's row id; a counter in tests). */
  allocate(draft: Omit<AlarmView, 'id'>): number;
}

interface Episode {
  holds: boolean;
  /** When the condition started holding (null while it does not). */
  since: number | null;
  title: string;
  detail: string;
  /** The alarm of this (rule, subject) still active, if any. */
  alarm: AlarmView | null;
}

const keyOf = (ruleId: string, subject: string): string => `${ruleId}\u0000${subject}`;

export class AlarmEngine {
  private readonly episodes = new Map<string, Episode>();
  private readonly byId = new Map<number, Episode>();

  constructor(private readonly options: AlarmEngineOptions) {}

  /** Active alarms, oldest first. */
  active(): AlarmView[] {
    return [...this.byId.values()].map((episode) => ({ ...episode.alarm! })).sort((a, b) => a.raisedAt - b.raisedAt || a.id - b.id);
  }

  /**
   * Takes back the active alarms of an earlier run. Their conditions are unknown now, so they count as
   * cleared: latched ones wait for an acknowledge, the others finish; a condition that still holds is
   * reported again by its source and continues a latched alarm (no duplicate).
   */
  restore(alarms: readonly AlarmView[]): AlarmChange[] {
    const changes: AlarmChange[] = [];
    for (const stored of alarms) {
      if (stored.finishedAt !== null) continue;
      const episode: Episode = { holds: false, since: null, title: stored.title, detail: stored.detail, alarm: { ...stored } };
      this.episodes.set(keyOf(stored.ruleId, stored.subject), episode);
      this.byId.set(stored.id, episode);
      const change = this.clear(episode);
      if (change) changes.push(change);
    }
    return changes;
  }

  /** Applies one observation; returns the alarms it raised, updated or finished. */
  observe(condition: AlarmCondition): AlarmChange[] {
    const key = keyOf(condition.ruleId, condition.subject);
    const rule = this.options.rule(condition.ruleId);
    // A disabled rule's condition counts as not holding: nothing new is raised, latched alarms still want their ack.
    const holds = condition.holds && rule.enabled;
    let episode = this.episodes.get(key);
    if (!episode) {
      if (!holds) return [];
      episode = { holds: false, since: null, title: '', detail: '', alarm: null };
      this.episodes.set(key, episode);
    }
    if (condition.title !== undefined) episode.title = condition.title;
    if (condition.detail !== undefined) episode.detail = condition.detail;
    const changes: AlarmChange[] = [];
    if (holds && !episode.holds) {
      episode.holds = true;
      episode.since = this.options.now();
      // A latched alarm whose condition came back before its ack continues: one alarm, not two.
      if (episode.alarm) changes.push(this.update(episode, { clearedAt: null }));
    } else if (holds && episode.alarm && (episode.alarm.detail !== episode.detail || (episode.title !== '' && episode.alarm.title !== episode.title))) {
      changes.push(this.update(episode, {}));
    } else if (!holds && episode.holds) {
      episode.holds = false;
      episode.since = null;
      const change = this.clear(episode);
      if (change) changes.push(change);
    }
    changes.push(...this.promote(key, episode, rule));
    if (!episode.holds && !episode.alarm) this.episodes.delete(key);
    return changes;
  }

  /** Raises the alarms whose condition has now held for the rule's delay. Call it periodically. */
  tick(): AlarmChange[] {
    const changes: AlarmChange[] = [];
    for (const [key, episode] of this.episodes) {
      const rule = this.options.rule(keyRule(key));
      if (!rule.enabled && episode.holds) changes.push(...this.observe({ ruleId: rule.id, subject: keySubject(key), holds: false }));
      else changes.push(...this.promote(key, episode, rule));
    }
    return changes;
  }

  /** Acknowledges an active alarm; it finishes at once when its condition has cleared. Unknown or finished ids: null. */
  ack(id: number, by: string): AlarmChange | null {
    const episode = this.byId.get(id);
    if (!episode?.alarm) return null;
    // A second acknowledge changes nothing (the first one's who/when stay).
    if (episode.alarm.ackedAt !== null) return null;
    const now = this.options.now();
    if (episode.alarm.clearedAt !== null) return this.finish(episode, { ackedAt: now, ackedBy: by });
    return this.update(episode, { ackedAt: now, ackedBy: by });
  }

  /** The condition went away: the alarm finishes unless it is latched and unacknowledged. */
  private clear(episode: Episode): AlarmChange | null {
    const alarm = episode.alarm;
    if (!alarm) return null;
    const now = this.options.now();
    if (!alarm.latched || alarm.ackedAt !== null) return this.finish(episode, { clearedAt: alarm.clearedAt ?? now });
    if (alarm.clearedAt !== null) return null;
    return this.update(episode, { clearedAt: now });
  }

  private promote(key: string, episode: Episode, rule: AlarmRule): AlarmChange[] {
    if (!episode.holds || episode.alarm || episode.since === null) return [];
    const now = this.options.now();
    if (now - episode.since < rule.delayMs) return [];
    const draft: Omit<AlarmView, 'id'> = {
      ruleId: rule.id,
      subject: keySubject(key),
      title: episode.title || `${rule.label}: ${keySubject(key)}`,
      detail: episode.detail,
      guidance: rule.guidance,
      latched: rule.latch,
      raisedAt: now,
      clearedAt: null,
      ackedAt: null,
      ackedBy: null,
      finishedAt: null,
    };
    const alarm: AlarmView = { id: this.options.allocate(draft), ...draft };
    episode.alarm = alarm;
    this.byId.set(alarm.id, episode);
    return [{ kind: 'raised', alarm: { ...alarm } }];
  }

  private update(episode: Episode, patch: Partial<AlarmView>): AlarmChange {
    const alarm = Object.assign(episode.alarm!, { title: episode.title || episode.alarm!.title, detail: episode.detail }, patch);
    return { kind: 'updated', alarm: { ...alarm } };
  }

  private finish(episode: Episode, patch: Partial<AlarmView>): AlarmChange {
    const alarm = Object.assign(episode.alarm!, patch, { finishedAt: this.options.now() });
    this.byId.delete(alarm.id);
    episode.alarm = null;
    // A finished alarm of a condition that no longer holds leaves nothing to track.
    if (!episode.holds) this.episodes.delete(keyOf(alarm.ruleId, alarm.subject));
    return { kind: 'finished', alarm: { ...alarm } };
  }
}

function keyRule(key: string): AlarmRuleId {
  return key.slice(0, key.indexOf('\u0000')) as AlarmRuleId;
}

function keySubject(key: string): string {
  return key.slice(key.indexOf('\u0000') + 1);
}
