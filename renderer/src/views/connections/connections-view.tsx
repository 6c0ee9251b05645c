/** The Connections view: which router the station uses, its realm and address root, whether it is connected; switch it. */
import type { ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ConnectionTarget } from '../../../../shared/ipc.js';
import { useClockStore } from '../../stores/clock-store.js';
import { useConnectionStore } from '../../stores/connection-store.js';
import { ConnectionForm } from './connection-form.js';

function describeTarget(target: ConnectionTarget): string {
  if (target.kind === 'embedded') return 'Embedded router (in this station)';
  if (target.kind === 'site') return `Site config ${target.siteFile}${target.host ? ` (host ${target.host})` : ''}`;
  return 'Router URL';
}

export function ConnectionsView(): ReactElement {
  const { state, switching, error, switchTo } = useConnectionStore(
    useShallow((store) => ({ state: store.state, switching: store.switching, error: store.error, switchTo: store.switchTo })),
  );
  const info = useClockStore((store) => store.info);
  return (
    <section className="view view--connections" aria-label="Connections">
      <div className="card">
        <h2>Current connection</h2>
        {state ? (
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <span className={`conn-status conn-status--${state.status}`} data-testid="connection-status">
                {state.status}
              </span>
            </dd>
            <dt>Router</dt>
            <dd data-testid="connection-target">{describeTarget(state.target)}</dd>
            <dt>URL</dt>
            <dd>
              <code data-testid="connection-url">{state.url}</code>
            </dd>
            <dt>Realm</dt>
            <dd data-testid="connection-realm">{state.realm}</dd>
            <dt>Address root</dt>
            <dd data-testid="connection-root">{state.addressRoot}</dd>
            {state.detail && (
              <>
                <dt>Detail</dt>
                <dd className="conn-detail">{state.detail}</dd>
              </>
            )}
          </dl>
        ) : (
          <p className="hint" data-testid="connection-status">
            connecting — asking the station…
          </p>
        )}
        {info && (
          <p className="hint">
            Station {info.version} · {info.mode === 'electron' ? 'desktop app' : 'headless (station serve)'}
          </p>
        )}
      </div>
      <div className="card">
        <h2>Switch router</h2>
        <p className="hint">Switching drops the current session and reconnects; agents in the station follow.</p>
        <ConnectionForm key={state ? JSON.stringify(state.target) : 'none'} initial={state?.target ?? null} busy={switching} onSwitch={(target) => void switchTo(target)} />
        {error && (
          <p className="error" role="alert" data-testid="connection-error">
            {error}
          </p>
        )}
      </div>
    </section>
  );
}
