/** The shell: top bar with the views, the bridge banner, the current view and the keyboard help line. */
import { useEffect, type ReactElement } from 'react';
import { useClockStore } from './stores/clock-store.js';
import { usePrefsStore, type ViewName } from './stores/prefs-store.js';
import { useConnectionStore } from './stores/connection-store.js';
import { useLinkStore } from './stores/link-store.js';
import { AgentView } from './views/agent/agent-view.js';
import { AlarmsView } from './views/alarms/alarms-view.js';
import { AuditView } from './views/audit/audit-view.js';
import { AlarmBanner } from './views/common/alarm-banner.js';
import { BridgeBanner } from './views/common/bridge-banner.js';
import { LockToggle } from './views/common/lock-toggle.js';
import { ConnectionsView } from './views/connections/connections-view.js';
import { DataFilesView } from './views/datafiles/datafiles-view.js';
import { FastmonView } from './views/fastmon/fastmon-view.js';
import { PlotsView } from './views/plots/plots-view.js';
import { LogsView } from './views/logs/logs-view.js';
import { OperationsView } from './views/operations/operations-view.js';
import { RegistryView } from './views/registry/registry-view.js';
import { ScriptsView } from './views/scripts/scripts-view.js';
import { SmurfView } from './views/smurf/smurf-view.js';
import { TestbedView } from './views/testbed/testbed-view.js';

const VIEWS: Array<{ name: ViewName; label: string; key: string }> = [
  { name: 'registry', label: 'Registry', key: '1' },
  { name: 'agent', label: 'Agent', key: '2' },
  { name: 'connections', label: 'Connections', key: '3' },
  { name: 'smurf', label: 'Smurf', key: '4' },
  { name: 'scripts', label: 'Scripts', key: '5' },
  { name: 'datafiles', label: 'Data files', key: '6' },
  { name: 'testbed', label: 'Testbed', key: '7' },
  { name: 'fastmon', label: 'Fastmon', key: '8' },
  // Alt+A: the digits are taken.
  { name: 'alarms', label: 'Alarms', key: 'a' },
  // A letter: the digits are taken by the other views.
  { name: 'plots', label: 'Plots', key: 'p' },
  // The digits are taken: Alt+L (event.key is lower-case without Shift).
  { name: 'logs', label: 'Logs', key: 'l' },
  { name: 'audit', label: 'Audit', key: '0' },
  { name: 'operations', label: 'Operations', key: '9' },
];

export function App(): ReactElement {
  const view = usePrefsStore((state) => state.view);
  const setView = usePrefsStore((state) => state.setView);
  const info = useClockStore((state) => state.info);
  const connection = useConnectionStore((state) => state.state);
  const linkStatus = useLinkStore((state) => state.state.status);
  const linkUp = linkStatus === 'connected';

  useEffect(() => {
    // Alt+1…9 switch views from anywhere, including text fields.
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const target = VIEWS.find((item) => item.key === event.key || `Digit${item.key}` === event.code);
      if (!target) return;
      event.preventDefault();
      setView(target.name);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setView]);

  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand">Control Station</h1>
        <nav className="tabs" role="tablist" aria-label="Views">
          {VIEWS.map((item) => (
            <button
              key={item.name}
              type="button"
              role="tab"
              className="tab"
              data-testid={`nav-${item.name}`}
              aria-selected={view === item.name}
              aria-keyshortcuts={`Alt+${item.key}`}
              onClick={() => setView(item.name)}
            >
              {item.label}
            </button>
          ))}
        </nav>
        <span className="topbar-spacer" />
        {connection && linkUp && (
          <span className={`conn-pill conn-pill--${connection.status}`} title={connection.url}>
            {connection.realm} · {connection.addressRoot} · {connection.status}
          </span>
        )}
        {!linkUp && <span className="conn-pill conn-pill--disconnected">{linkStatus === 'connecting' ? 'connecting to the station…' : 'station unreachable'}</span>}
        {info && <span className="mode-pill">{info.mode === 'electron' ? 'desktop' : 'headless'}</span>}
        <LockToggle />
      </header>
      <BridgeBanner />
      <AlarmBanner />
      {/* While the link is down everything shown is the last known state: dim it. */}
      <main className={linkUp ? 'content' : 'content content--stale'}>
        {view === 'registry' && <RegistryView />}
        {view === 'agent' && <AgentView />}
        {view === 'connections' && <ConnectionsView />}
        {view === 'smurf' && <SmurfView />}
        {view === 'scripts' && <ScriptsView />}
        {view === 'datafiles' && <DataFilesView />}
        {view === 'testbed' && <TestbedView />}
        {view === 'fastmon' && <FastmonView />}
        {view === 'alarms' && <AlarmsView />}
        {view === 'plots' && <PlotsView />}
        {view === 'logs' && <LogsView />}
        {view === 'audit' && <AuditView />}
        {view === 'operations' && <OperationsView />}
      </main>
      <footer className="helpline">
        Alt+1 Registry · Alt+2 Agent · Alt+3 Connections · Alt+4 Smurf · Alt+5 Scripts · Alt+6 Data files · Alt+7 Testbed · Alt+8 Fastmon · Alt+A Alarms · Alt+P Plots · Alt+L Logs · Alt+9 Operations · Alt+0 Audit · in the grid: ↑ ↓ PgUp PgDn Home
        End move, Enter opens the agent · slots: ← → move, Space toggles, Shift/Ctrl+click range/toggle · Tab moves through the controls
      </footer>
    </div>
  );
}
