/** A fan-out's outcome: the overall status line and, per slot, its controller session (status line, messages, data). */
import { useMemo, type ReactElement } from 'react';
import type { EncodedSession } from '../../../../shared/ocs-codes.js';
import { fanoutTargets, lastMessage } from '../../logic/fanout-targets.js';
import { isActive, opStatusLine } from '../../logic/op-status.js';
import { useServerNow } from '../../hooks/use-server-now.js';
import { JsonTree } from '../common/json-tree.js';
import { SessionMessages } from '../agent/session-messages.js';

interface FanoutResultsProps {
  op: string;
  session: EncodedSession | null;
  requested: readonly string[];
  starting: boolean;
}

export function FanoutResults({ op, session, requested, starting }: FanoutResultsProps): ReactElement {
  const now = useServerNow(isActive(session) ? 100 : 1000);
  const targets = useMemo(() => fanoutTargets(session, requested, now), [session, requested, now]);
  const overall = starting && !session ? { text: 'starting', tone: 'active' as const } : opStatusLine(session, now);
  const message = lastMessage(session);
  return (
    <section className="fanout-results" aria-label={`Results of ${op}`}>
      <div className={`fanout-result op-status--${overall.tone}`} data-testid="fanout-result" data-tone={overall.tone} aria-live="polite">
        <span className="fanout-result-op">{op}</span> {overall.text}
        {message && session?.status === 'done' && <span className="fanout-result-message"> · {message}</span>}
      </div>
      <div className="fanout-targets">
        {targets.map((target) => (
          <article key={target.streamId} className={`op-panel op-panel--${target.status.tone}`} data-testid="fanout-target" data-stream-id={target.streamId}>
            <header className="op-header">
              <h3 className="op-name">{target.streamId}</h3>
              <span className={`op-status op-status--${target.status.tone}`} data-testid="fanout-target-status">
                {target.status.text}
              </span>
            </header>
            {target.failure && (
              <p className="op-error" data-testid="fanout-target-failure">
                {target.failure}
              </p>
            )}
            {target.session && (
              <div className="op-session">
                <SessionMessages messages={target.session.messages} />
                <JsonTree value={target.session.data ?? {}} testId="fanout-target-data" />
              </div>
            )}
          </article>
        ))}
      </div>
    </section>
  );
}
