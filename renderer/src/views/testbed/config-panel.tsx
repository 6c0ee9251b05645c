/** Picks a testbed config, edits it with validation as you type, and saves it under the user's config dir. */
import type { ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { configKey, useTestbedConfigStore } from '../../stores/testbed-config-store.js';
import { ConfigEditor } from './config-editor.js';
import { useGate } from '../../stores/lock-store.js';

export function ConfigPanel(): ReactElement {
  const gate = useGate('testbed:config:save');
  const store = useTestbedConfigStore(
    useShallow((state) => ({
      configs: state.configs,
      selected: state.selected,
      text: state.text,
      savedText: state.savedText,
      validation: state.validation,
      saveName: state.saveName,
      saving: state.saving,
      notice: state.notice,
      error: state.error,
    })),
  );
  const { select, edit, setSaveName, save } = useTestbedConfigStore.getState();
  const dirty = store.text !== store.savedText;
  const valid = store.validation?.ok === true;
  const summary = store.validation?.ok
    ? `namespace ${store.validation.namespace} · agents: ${store.validation.enabledAgents.join(', ') || 'none'} · workflow ${store.validation.workflow?.name ?? '?'} (${store.validation.workflow?.config ?? '?'})`
    : null;

  return (
    <div className="card testbed-config">
      <div className="toolbar">
        <h2>Config</h2>
        <select
          data-testid="testbed-config-select"
          aria-label="Testbed config"
          value={store.selected ? configKey(store.selected) : ''}
          onChange={(event) => {
            const entry = store.configs.find((config) => configKey(config) === event.target.value);
            if (entry) void select({ name: entry.name, source: entry.source });
          }}
        >
          {store.configs.length === 0 && <option value="">no configs</option>}
          {store.configs.map((entry) => (
            <option key={configKey(entry)} value={configKey(entry)} title={entry.file}>
              {entry.name} ({entry.source === 'user' ? 'yours' : 'shipped'})
            </option>
          ))}
        </select>
        {summary && <span className="hint">{summary}</span>}
      </div>
      {store.error && <p className="error">Configs: {store.error}</p>}
      <ConfigEditor text={store.text} problems={store.validation?.errors ?? []} onChange={edit} />
      <div className="toolbar">
        <label className="form-field">
          <span>Save as</span>
          <input data-testid="testbed-config-name" value={store.saveName} onChange={(event) => setSaveName(event.target.value)} />
        </label>
        <button type="button" className="btn" data-testid="testbed-config-save" disabled={!valid || store.saving || store.saveName.trim() === '' || !gate.allowed} title={gate.title} onClick={() => void save()}>
          Save{dirty ? ' *' : ''}
        </button>
        {store.notice && <span className={store.notice.kind === 'error' ? 'error' : 'hint'}>{store.notice.text}</span>}
      </div>
    </div>
  );
}
