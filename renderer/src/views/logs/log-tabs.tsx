/** One tab per open source or merged set; the strip scrolls sideways when there are many. */
import type { ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLogsStore } from '../../stores/logs-store.js';

export function LogTabs(): ReactElement {
  const { all, active } = useLogsStore(useShallow((state) => ({ all: state.tabs, active: state.active })));
  const tabs = all.map((t) => ({ id: t.id, title: t.title, notices: t.notices.length }));
  const { activate, closeTab } = useLogsStore.getState();
  return (
    <div className="logs-tabs" role="tablist" aria-label="Open logs">
      {tabs.map((tab) => (
        <div key={tab.id} className={tab.id === active ? 'logs-tab logs-tab--active' : 'logs-tab'}>
          <button type="button" role="tab" data-testid="logs-tab" data-tab={tab.id} aria-selected={tab.id === active} title={tab.title} onClick={() => activate(tab.id)}>
            {tab.title}
            {tab.notices > 0 && <span className="logs-tab-badge" title="rotated or truncated"> !</span>}
          </button>
          <button type="button" className="logs-tab-close" aria-label={`close ${tab.title}`} data-testid="logs-tab-close" onClick={() => closeTab(tab.id)}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
