/** The live run timeline of the followed execution: one mark per lifecycle message, the STF counters and the runner's state. */
import { useMemo, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { buildTimeline } from '../../logic/testbed-timeline.js';
import { useTestbedMessagesStore } from '../../stores/testbed-messages-store.js';

const PHASE_TEXT = { idle: 'no run yet', imminent: 'run imminent', running: 'running', ended: 'run ended' } as const;

export function RunTimeline(): ReactElement {
  const { messages, executionId } = useTestbedMessagesStore(useShallow((state) => ({ messages: state.messages, executionId: state.executionId })));
  const timeline = useMemo(() => buildTimeline(messages, executionId), [messages, executionId]);
  return (
    <div className="card testbed-timeline" data-testid="testbed-timeline" data-phase={timeline.phase} data-execution={timeline.executionId ?? ''}>
      <div className="toolbar">
        <h2>Run timeline</h2>
        <span className={`timeline-phase timeline-phase--${timeline.phase}`}>{PHASE_TEXT[timeline.phase]}</span>
        {timeline.executionId && <code>{timeline.executionId}</code>}
        {timeline.runId && <span>run {timeline.runId}</span>}
        <span data-testid="testbed-stf-count">
          STF {timeline.stfGenerated} generated · {timeline.stfReady} ready{timeline.totalStfFiles !== null ? ` · ${timeline.totalStfFiles} in total` : ''}
        </span>
        {timeline.state && (
          <span data-testid="testbed-run-state">
            {timeline.state}/{timeline.substate ?? '—'}
          </span>
        )}
      </div>
      <div className="timeline-strip" role="list" aria-label="Run messages">
        {timeline.marks.map((mark) => (
          <span
            key={mark.id}
            role="listitem"
            className={`timeline-mark timeline-mark--${mark.type}`}
            data-testid="testbed-timeline-mark"
            data-type={mark.type}
            style={{ left: `${(mark.position * 100).toFixed(2)}%` }}
            title={mark.label}
          />
        ))}
      </div>
      <div className="timeline-legend hint">run_imminent → start_run → stf_gen (stf_ready) … → end_run</div>
    </div>
  );
}
