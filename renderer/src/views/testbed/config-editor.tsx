/** The config text with line numbers; lines with a problem are marked in the gutter and the problems listed below. */
import { useRef, type ReactElement } from 'react';
import type { TestbedConfigProblem } from '../../../../shared/testbed.js';

interface ConfigEditorProps {
  text: string;
  problems: readonly TestbedConfigProblem[];
  onChange(text: string): void;
}

export function ConfigEditor({ text, problems, onChange }: ConfigEditorProps): ReactElement {
  const gutterRef = useRef<HTMLDivElement>(null);
  const lineCount = text.split('\n').length;
  const badLines = new Set(problems.map((problem) => problem.line).filter((line): line is number => line !== null));
  return (
    <div className="config-editor">
      <div className="config-editor-body">
        <div className="config-gutter" ref={gutterRef} aria-hidden="true">
          {Array.from({ length: lineCount }, (_, index) => (
            <div key={index} className={badLines.has(index + 1) ? 'config-line config-line--bad' : 'config-line'}>
              {index + 1}
            </div>
          ))}
        </div>
        <textarea
          className="config-text"
          data-testid="testbed-config-editor"
          aria-label="Testbed config (TOML)"
          spellCheck={false}
          value={text}
          wrap="off"
          onChange={(event) => onChange(event.target.value)}
          // The gutter scrolls with the text so numbers stay next to their lines.
          onScroll={(event) => gutterRef.current && (gutterRef.current.scrollTop = event.currentTarget.scrollTop)}
        />
      </div>
      {problems.map((problem, index) => (
        <p key={index} className="error config-error" role="alert" data-testid="testbed-config-error" data-line={problem.line ?? ''}>
          {problem.line !== null ? `line ${problem.line}${problem.column !== null ? `:${problem.column}` : ''}: ` : ''}
          {problem.message}
        </p>
      ))}
    </div>
  );
}
