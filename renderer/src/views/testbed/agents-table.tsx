/** The supervisord programs of the testbed (state, pid, uptime, exit status, start/stop/restart) and the agents' heartbeats. */
import type { ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { TestbedProgramView } from '../../../../shared/testbed.js';
import { useServerNow } from '../../hooks/use-server-now.js';
import { formatAgo, formatDuration } from '../../logic/time-format.js';
import { useGate } from '../../stores/lock-store.js';
import { useTestbedStore } from '../../stores/testbed-store.js';

const RUNNING_STATES = new Set(['RUNNING', 'STARTING', 'BACKOFF']);

export function AgentsTable(): ReactElement {
  const { status, busy } = useTestbedStore(useShallow((state) => ({ status: state.status, busy: state.busy })));
  // Starting, stopping or restarting a supervisord program needs expert.
  const gate = useGate('testbed:agent');
  const now = useServerNow(1000);
  const agent = (action: 'start' | 'stop' | 'restart', name: string) => {
    void useTestbedStore.getState().agent(action, name);
  };
  const programs = status?.programs ?? [];
  const agents = status?.agents ?? [];

  return (
    <div className="card testbed-agents">
      <h2>Agents</h2>
      {status?.supervisor.installed === false && (
        <p className="error" data-testid="testbed-supervisor-missing">
          {status.supervisor.message} {status.supervisor.installHint}
        </p>
      )}
      {status?.supervisor.installed && status.supervisor.message && (
        <p className={status.supervisor.running ? 'hint' : 'error'} data-testid="testbed-supervisor-notice">
          {status.supervisor.message}
        </p>
      )}
      {status?.error && <p className="error">supervisord: {status.error}</p>}
      {programs.length === 0 && status?.supervisor.installed !== false && <p className="hint">No testbed programs yet: Run starts the workflow runner and the enabled agents.</p>}
      {programs.length > 0 && (
        <table className="table" data-testid="testbed-agents">
          <thead>
            <tr>
              <th>Program</th>
              <th>State</th>
              <th>PID</th>
              <th>Uptime</th>
              <th>Exit status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {programs.map((program) => (
              <ProgramRow key={program.name} program={program} disabled={!gate.allowed || busy !== null} title={gate.title} onAction={agent} />
            ))}
          </tbody>
        </table>
      )}
      {agents.length > 0 && (
        <table className="table" data-testid="testbed-heartbeats">
          <thead>
            <tr>
              <th>Agent</th>
              <th>Type</th>
              <th>Status</th>
              <th>State</th>
              <th>Namespace</th>
              <th>Heartbeat</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((heartbeat) => (
              <tr key={heartbeat.instanceName} data-testid="testbed-heartbeat-row" data-name={heartbeat.instanceName} data-status={heartbeat.status}>
                <td>{heartbeat.instanceName}</td>
                <td>{heartbeat.agentType}</td>
                <td className={`testbed-status testbed-status--${heartbeat.status.toLowerCase()}`}>{heartbeat.status}</td>
                <td>{heartbeat.operationalState}</td>
                <td>{heartbeat.namespace ?? '—'}</td>
                <td>{formatAgo(now - heartbeat.lastHeartbeat / 1000)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

interface ProgramRowProps {
  program: TestbedProgramView;
  disabled: boolean;
  /** Why the actions are disabled by the lock level, if they are. */
  title: string | undefined;
  onAction(action: 'start' | 'stop' | 'restart', name: string): void;
}

function ProgramRow({ program, disabled, title, onAction }: ProgramRowProps): ReactElement {
  const running = RUNNING_STATES.has(program.state);
  return (
    <tr data-testid="testbed-agent-row" data-name={program.name} data-state={program.state}>
      <td title={program.description}>{program.name}</td>
      <td className={`testbed-state testbed-state--${program.state.toLowerCase()}`}>{program.state}</td>
      <td>{program.pid ?? '—'}</td>
      <td>{program.uptimeS === null ? '—' : formatDuration(program.uptimeS)}</td>
      <td>{program.exitStatus ?? '—'}</td>
      <td className="testbed-actions" title={title}>
        <button type="button" className="btn btn--start" disabled={disabled || running} data-testid="testbed-agent-start" onClick={() => onAction('start', program.name)}>
          Start
        </button>
        <button type="button" className="btn btn--danger" disabled={disabled || !running} data-testid="testbed-agent-stop" onClick={() => onAction('stop', program.name)}>
          Stop
        </button>
        <button type="button" className="btn" disabled={disabled} data-testid="testbed-agent-restart" onClick={() => onAction('restart', program.name)}>
          Restart
        </button>
      </td>
    </tr>
  );
}
