/** The run timeline of one execution (run_imminent → start_run → stf_gen … → end_run), derived from its messages. */
import type { TestbedMessageView } from '../../../shared/testbed.js';

export type TimelinePhase = 'idle' | 'imminent' | 'running' | 'ended';

export interface TimelineMark {
  id: number;
  type: string;
  /** 0…1 along the strip. */
  position: number;
  label: string;
}

export interface TimelineModel {
  executionId: string | null;
  phase: TimelinePhase;
  runId: string | null;
  marks: TimelineMark[];
  /** stf_gen messages seen, and stf_ready ones (the data agent's registrations). */
  stfGenerated: number;
  stfReady: number;
  /** end_run's total_stf_files once it arrived. */
  totalStfFiles: number | null;
  /** The last state/substate stamp of the runner. */
  state: string | null;
  substate: string | null;
}

/** Messages drawn on the strip: the runner's lifecycle broadcasts and the data agent's stf_ready. */
const DRAWN = new Set(['run_imminent', 'start_run', 'pause_run', 'resume_run', 'stf_gen', 'stf_ready', 'end_run']);

/** Below this span (a fast, non-realtime run) marks are spread by order: by time they would all overlap. */
const MIN_TIME_SPAN_MS = 2_000;

const PHASE_OF: Record<string, TimelinePhase> = {
  run_imminent: 'imminent',
  start_run: 'running',
  pause_run: 'running',
  resume_run: 'running',
  stf_gen: 'running',
  end_run: 'ended',
};

export function emptyTimeline(executionId: string | null = null): TimelineModel {
  return { executionId, phase: 'idle', runId: null, marks: [], stfGenerated: 0, stfReady: 0, totalStfFiles: null, state: null, substate: null };
}

/** Builds the timeline of `executionId` from messages in ascending id order (others are ignored). */
export function buildTimeline(messages: readonly TestbedMessageView[], executionId: string | null): TimelineModel {
  const model = emptyTimeline(executionId);
  if (executionId === null) return model;
  const own = messages.filter((message) => message.executionId === executionId && DRAWN.has(message.msgType));
  if (own.length === 0) return model;
  const first = own[0].receivedAt;
  const span = own[own.length - 1].receivedAt - first;
  own.forEach((message, index) => {
    const byTime = span >= MIN_TIME_SPAN_MS;
    const position = byTime ? (message.receivedAt - first) / span : own.length === 1 ? 0 : index / (own.length - 1);
    model.marks.push({ id: message.id, type: message.msgType, position, label: markLabel(message) });
    model.runId ??= message.runId;
    const phase = PHASE_OF[message.msgType];
    // end_run is final: a late stf_gen (reordered delivery) must not reopen the run.
    if (phase && model.phase !== 'ended') model.phase = phase;
    if (message.msgType === 'stf_gen') model.stfGenerated += 1;
    if (message.msgType === 'stf_ready') model.stfReady += 1;
    if (message.msgType === 'end_run') model.totalStfFiles = typeof message.body.total_stf_files === 'number' ? message.body.total_stf_files : null;
    if (message.msgType !== 'stf_ready' && typeof message.body.state === 'string') {
      model.state = message.body.state;
      model.substate = typeof message.body.substate === 'string' ? message.body.substate : null;
    }
  });
  return model;
}

/** The newest execution id among the messages (the timeline's default when the view did not start one). */
export function latestExecutionId(messages: readonly TestbedMessageView[]): string | null {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (message.executionId && PHASE_OF[message.msgType]) return message.executionId;
  }
  return null;
}

function markLabel(message: TestbedMessageView): string {
  const file = typeof message.body.filename === 'string' ? ` ${message.body.filename}` : '';
  return `${message.msgType}${file}`;
}
