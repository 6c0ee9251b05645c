/**
 * Alarms for the IPC handlers: the engine over the store (every change written, then pushed as
 * `alarms:changed`, raised ones also sent to the notify port), the rules, and acknowledgement.
 */
import type { AlarmList, AlarmRule, AlarmRuleId, AlarmView } from '../../shared/alarms.js';
import type { AlarmStore } from '../store/alarms-store.js';
import { AlarmEngine, type AlarmChange, type AlarmCondition } from './engine.js';
import { notificationFor, type AlarmNotify } from './notify.js';

export interface AlarmServiceOptions {
  store: AlarmStore;
  /** Pushes changed alarms (`alarms:changed`). */
  publish(alarms: AlarmView[]): void;
  notify?: AlarmNotify;
  /** Unix ms; default Date.now. */
  now?: () => number;
  warn?(message: string): void;
}

/** What `alarms:set-rule` may change. */
export type AlarmRulePatch = { id: AlarmRuleId } & Partial<Pick<AlarmRule, 'enabled' | 'delayMs' | 'latch' | 'threshold' | 'guidance'>>;

export class AlarmService {
  private readonly engine: AlarmEngine;
  private readonly ruleCache = new Map<AlarmRuleId, AlarmRule>();
  readonly now: () => number;

  constructor(private readonly options: AlarmServiceOptions) {
    this.now = options.now ?? Date.now;
    for (const rule of options.store.rules()) this.ruleCache.set(rule.id, rule);
    this.engine = new AlarmEngine({ now: this.now, rule: (id) => this.rule(id), allocate: (draft) => options.store.insert(draft) });
    this.apply(this.engine.restore(options.store.active()));
  }

  /** A rule's current settings. */
  rule(id: AlarmRuleId): AlarmRule {
    return this.ruleCache.get(id)!;
  }

  rules(): AlarmRule[] {
    return [...this.ruleCache.values()];
  }

  /** Changes a rule; a disabled rule's pending conditions are dropped at once. */
  setRule(patch: AlarmRulePatch): AlarmRule {
    const current = this.rule(patch.id);
    // Rules without a threshold keep none.
    const threshold = current.threshold === null ? null : (patch.threshold ?? current.threshold);
    const saved = this.options.store.saveRule({ ...current, ...patch, threshold });
    this.ruleCache.set(saved.id, saved);
    this.apply(this.engine.tick());
    return saved;
  }

  /** Active alarms and the newest `historyLimit` finished ones. */
  list(historyLimit: number): AlarmList {
    return { active: this.engine.active(), history: this.options.store.history(historyLimit) };
  }

  /** Acknowledges an alarm; acknowledging twice keeps the first. Unknown ids throw. */
  ack(id: number, by: string): AlarmView {
    const change = this.engine.ack(id, by);
    if (change) {
      this.apply([change]);
      return change.alarm;
    }
    const stored = this.options.store.get(id);
    if (!stored) throw new UnknownAlarmError(id);
    return stored;
  }

  /** Observations from the watches. */
  report(conditions: readonly AlarmCondition[]): void {
    const changes: AlarmChange[] = [];
    for (const condition of conditions) changes.push(...this.engine.observe(condition));
    this.apply(changes);
  }

  /** Raises what has waited its delay (the wiring calls it every second). */
  tick(): void {
    this.apply(this.engine.tick());
  }

  private apply(changes: AlarmChange[]): void {
    if (changes.length === 0) return;
    for (const { kind, alarm } of changes) {
      // Raised alarms were inserted by the engine's allocator; the rest are updates of their rows.
      if (kind !== 'raised') this.options.store.update(alarm);
    }
    this.options.publish(changes.map((change) => change.alarm));
    for (const { kind, alarm } of changes) {
      if (kind !== 'raised' || !this.options.notify) continue;
      try {
        this.options.notify(notificationFor(alarm));
      } catch (error) {
        this.options.warn?.(`alarm notification failed: ${(error as Error).message}`);
      }
    }
  }
}

/** `alarms:ack` of an id the store does not know. */
export class UnknownAlarmError extends Error {
  constructor(id: number) {
    super(`no alarm with id ${id}`);
    this.name = 'UnknownAlarmError';
  }
}
