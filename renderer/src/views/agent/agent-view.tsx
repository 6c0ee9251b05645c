/** The Agent browser: pick an agent, see its tasks, processes and feeds from get_api, and run its ops. */
import { useMemo, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatAge } from '../../logic/time-format.js';
import { useServerNow } from '../../hooks/use-server-now.js';
import { useAgentStore } from '../../stores/agent-store.js';
import { useRegistryStore } from '../../stores/registry-store.js';
import { AgentSelect } from '../common/agent-select.js';
import { PinnedPlots } from '../plots/pinned-plots.js';
import { OpPanel } from './op-panel.js';

export function AgentView(): ReactElement {
  const { address, api, loading, error, select, refresh } = useAgentStore(
    useShallow((state) => ({ address: state.address, api: state.api, loading: state.loading, error: state.error, select: state.select, refresh: state.refresh })),
  );
  const rows = useRegistryStore((state) => state.rows);
  const addresses = useMemo(() => {
    const list = [...rows.keys()];
    if (address && !rows.has(address)) list.push(address);
    return list.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  }, [rows, address]);
  const row = address ? rows.get(address) : undefined;
  const now = useServerNow(1000);

  return (
    <section className="view view--agent" aria-label="Agent browser">
      <div className="toolbar">
        <AgentSelect className="agent-picker" addresses={addresses} value={address ?? ''} testId="agent-select" onChange={(next) => void select(next || null)} />
        <button type="button" className="btn" onClick={() => void refresh()} disabled={!address || loading}>
          {loading ? 'Loading…' : 'Refresh'}
        </button>
        {row && (
          <span className={`agent-state ${row.expired ? 'agent-state--expired' : ''}`}>
            {row.expired ? 'EXPIRED' : 'alive'} · heartbeat {formatAge(now - row.lastHeartbeat)} ago
          </span>
        )}
      </div>
      {!address && <p className="hint">Pick an agent above, or open one from the Registry grid (Enter or click).</p>}
      {error && (
        <p className="error" role="alert" data-testid="agent-error">
          {address}: {error}
        </p>
      )}
      {api && (
        <>
          <dl className="agent-facts">
            <dt>Class</dt>
            <dd>{api.agent_class}</dd>
            <dt>Host</dt>
            <dd>{api.instance_hostname}</dd>
            <dt>PID</dt>
            <dd>{api.instance_pid}</dd>
            {api.access_control && (
              <>
                <dt>Access</dt>
                <dd>{api.access_control.policy}</dd>
              </>
            )}
          </dl>
          {address && <PinnedPlots address={address} />}
          <h2>Tasks ({api.tasks.length})</h2>
          {api.tasks.length === 0 && <p className="hint">No tasks.</p>}
          {api.tasks.map(([name, , info]) => (
            <OpPanel key={`${address}/${name}`} name={name} info={info} />
          ))}
          <h2>Processes ({api.processes.length})</h2>
          {api.processes.length === 0 && <p className="hint">No processes.</p>}
          {api.processes.map(([name, , info]) => (
            <OpPanel key={`${address}/${name}`} name={name} info={info} />
          ))}
          <h2>Feeds ({api.feeds.length})</h2>
          {api.feeds.length === 0 ? (
            <p className="hint">No feeds.</p>
          ) : (
            <ul className="feeds">
              {api.feeds.map(([name, feed]) => (
                <li key={name}>
                  <span className="feed-name">{name}</span> <code>{feed.address}</code> {feed.record ? <span className="feed-record">recorded</span> : null}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
