/** The Testbed view: config picker and editor, the agents under supervisord, Run/Stop workflow, the run timeline and the message stream. */
import { useEffect, type ReactElement } from 'react';
import { useTestbedConfigStore } from '../../stores/testbed-config-store.js';
import { useTestbedMessagesStore } from '../../stores/testbed-messages-store.js';
import { useTestbedStore } from '../../stores/testbed-store.js';
import { AgentsTable } from './agents-table.js';
import { ConfigPanel } from './config-panel.js';
import { MessageStream } from './message-stream.js';
import { RunPanel } from './run-panel.js';
import { RunTimeline } from './run-timeline.js';

/** While the view is open it renews its watch so main keeps pushing testbed:status (~every 2 s). */
export const WATCH_RENEW_MS = 10_000;

export function TestbedView(): ReactElement {
  useEffect(() => {
    void useTestbedConfigStore.getState().load();
    void useTestbedMessagesStore.getState().load();
    void useTestbedStore.getState().load(true);
    const timer = setInterval(() => void useTestbedStore.getState().load(true), WATCH_RENEW_MS);
    return () => clearInterval(timer);
  }, []);
  const error = useTestbedStore((state) => state.error);
  return (
    <section className="view view--testbed" aria-label="Testbed">
      {error && (
        <p className="error" role="alert">
          Testbed: {error}
        </p>
      )}
      {/* The live timeline first: it is what the control room watches during a run. */}
      <RunTimeline />
      <div className="testbed-columns">
        <RunPanel />
        <ConfigPanel />
      </div>
      <AgentsTable />
      <MessageStream />
    </section>
  );
}
