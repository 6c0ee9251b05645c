/** Alarm rules and alarms as main and the renderer exchange them (plain TypeScript, no runtime deps). */

/** The station's alarm rules, one per kind of condition it watches. */
export const ALARM_RULE_IDS = ['agent-expired', 'process-stopped', 'task-failed', 'program-exited', 'fanout-partial', 'fastmon-rate-low'] as const;
export type AlarmRuleId = (typeof ALARM_RULE_IDS)[number];

/** A rule's settings. Times in ms. */
export interface AlarmRule {
  id: AlarmRuleId;
  /** What the rule watches, for the rules editor. */
  label: string;
  enabled: boolean;
  /** How long the condition must hold before the alarm is raised. */
  delayMs: number;
  /** A latched alarm stays active after its condition clears, until someone acknowledges it. */
  latch: boolean;
  /** The rule's numeric threshold (null when it has none). */
  threshold: number | null;
  /** Unit of the threshold, for the editor (null when the rule has no threshold). */
  thresholdUnit: string | null;
  /** What to do about it, shown with every alarm of the rule. */
  guidance: string;
}

/** The defaults; the store keeps only what the user changed on top of them. */
export const DEFAULT_ALARM_RULES: readonly AlarmRule[] = [
  {
    id: 'agent-expired',
    label: 'OCS agent expired (no heartbeat)',
    enabled: true,
    delayMs: 0,
    latch: true,
    threshold: null,
    thresholdUnit: null,
    guidance: 'The agent stopped heartbeating. Check that its process and host are up (supervisord, HostManager, docker) and the network to the router.',
  },
  {
    id: 'process-stopped',
    label: 'OCS process left RUNNING',
    enabled: true,
    delayMs: 0,
    latch: true,
    threshold: null,
    thresholdUnit: null,
    guidance: 'A process (acq, monitor …) is no longer running. If nobody stopped it on purpose, open the agent, read the session messages and start it again.',
  },
  {
    id: 'task-failed',
    label: 'OCS task FAILED',
    enabled: true,
    delayMs: 0,
    latch: true,
    threshold: null,
    thresholdUnit: null,
    guidance: "A task ended with FAILED. Open the agent and read the session's messages for the reason before running it again.",
  },
  {
    id: 'program-exited',
    label: 'Testbed program exited unexpectedly (EXITED ≠ 0, FATAL, BACKOFF)',
    enabled: true,
    // BACKOFF is often a short restart loop that settles: give supervisord a few seconds.
    delayMs: 5_000,
    latch: true,
    threshold: null,
    thresholdUnit: null,
    guidance: "A supervisord program of the testbed exited. Open the Testbed view, check the program's stderr log, then restart it.",
  },
  {
    id: 'fanout-partial',
    label: 'Smurf fan-out with failed targets',
    enabled: true,
    delayMs: 0,
    latch: true,
    threshold: null,
    thresholdUnit: null,
    guidance: 'Some slots of a fan-out failed. The Smurf view shows each slot\'s messages; rerun the op on the failed slots once they are fixed.',
  },
  {
    id: 'fastmon-rate-low',
    label: 'Fastmon TF rate below threshold during a run',
    enabled: true,
    delayMs: 30_000,
    latch: false,
    threshold: 0.1,
    thresholdUnit: 'TF files/s',
    guidance: 'Fast monitoring receives fewer TF subsamples than expected. Check the fastmon and data agents in the Testbed view and the STF flow.',
  },
];

/** One alarm (an episode of a rule's condition for one subject). Times are Unix ms. */
export interface AlarmView {
  id: number;
  ruleId: AlarmRuleId;
  /** What the alarm is about: an agent address, `address op`, a program name, a run. */
  subject: string;
  title: string;
  detail: string;
  guidance: string;
  latched: boolean;
  raisedAt: number;
  /** When the condition cleared (null while it holds). */
  clearedAt: number | null;
  ackedAt: number | null;
  ackedBy: string | null;
  /** When the alarm left the active list (null while active). */
  finishedAt: number | null;
}

/** `alarms:list`: active alarms (oldest first) and recent history (newest first). */
export interface AlarmList {
  active: AlarmView[];
  history: AlarmView[];
}

/** True while the alarm is in the active list. */
export function isAlarmActive(alarm: AlarmView): boolean {
  return alarm.finishedAt === null;
}

/** True while the alarm wants attention: active and not acknowledged. */
export function needsAck(alarm: AlarmView): boolean {
  return alarm.finishedAt === null && alarm.ackedAt === null;
}
