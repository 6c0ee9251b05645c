/** The scripts of the allowed directories, grouped by directory; click or Enter picks one. */
import { useMemo, type ReactElement } from 'react';
import type { ScriptEntry } from '../../../../shared/smurf.js';
import { formatAgo } from '../../logic/time-format.js';

interface ScriptListProps {
  scripts: readonly ScriptEntry[];
  picked: string | null;
  now: number;
  onPick(path: string): void;
}

export function ScriptList({ scripts, picked, now, onPick }: ScriptListProps): ReactElement {
  const byDir = useMemo(() => {
    const groups = new Map<string, ScriptEntry[]>();
    for (const entry of scripts) {
      const list = groups.get(entry.dir);
      if (list) list.push(entry);
      else groups.set(entry.dir, [entry]);
    }
    return [...groups.entries()];
  }, [scripts]);
  if (scripts.length === 0) return <p className="hint">No scripts in the allowed directories.</p>;
  return (
    <div className="script-list" role="tree" aria-label="Scripts">
      {byDir.map(([dir, entries]) => (
        <div key={dir} role="group" aria-label={dir} className="script-dir">
          <div className="script-dir-name" title={dir}>
            {dir}
          </div>
          {entries.map((entry) => (
            <button
              key={entry.path}
              type="button"
              role="treeitem"
              aria-selected={entry.path === picked}
              className={`script-entry${entry.path === picked ? ' script-entry--picked' : ''}`}
              data-testid="script-entry"
              data-name={entry.name}
              title={entry.path}
              onClick={() => onPick(entry.path)}
            >
              <span className="script-name">{entry.name}</span>
              <span className="script-meta">
                {entry.sizeBytes.toLocaleString()} B · {formatAgo(now - entry.modified)}
              </span>
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}
