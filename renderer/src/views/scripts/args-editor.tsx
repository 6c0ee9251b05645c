/** The script's arguments, one text field each (no shell: each field is one argv entry, spaces included). */
import type { ReactElement } from 'react';

interface ArgsEditorProps {
  args: readonly string[];
  onChange(index: number, text: string): void;
  onAdd(): void;
  onRemove(index: number): void;
}

export function ArgsEditor({ args, onChange, onAdd, onRemove }: ArgsEditorProps): ReactElement {
  return (
    <fieldset className="args-editor">
      <legend>Arguments</legend>
      {args.length === 0 && <p className="hint">No arguments.</p>}
      {args.map((arg, index) => (
        <div key={index} className="arg-row">
          <input
            className="param-input"
            data-testid="script-arg"
            aria-label={`Argument ${index + 1}`}
            value={arg}
            onChange={(event) => onChange(index, event.target.value)}
          />
          <button type="button" className="btn" data-testid="script-remove-arg" aria-label={`Remove argument ${index + 1}`} onClick={() => onRemove(index)}>
            ✕
          </button>
        </div>
      ))}
      <button type="button" className="btn" data-testid="script-add-arg" onClick={onAdd}>
        + Argument
      </button>
    </fieldset>
  );
}
