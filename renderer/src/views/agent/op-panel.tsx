/** One task or process: status line, Start (with its params form) / Abort or Stop / Wait, messages, data, docstring. */
import { useMemo, useState, type ReactElement } from 'react';
import { levelForMinPrivs } from '../../../../shared/access.js';
import type { ProcessOpInfo, TaskOpInfo } from '../../../../shared/ocs-codes.js';
import { buildParams, parseParamsJson } from '../../logic/param-values.js';
import { isActive, opStatusLine } from '../../logic/op-status.js';
import { parseSignature } from '../../logic/signature.js';
import { useServerNow } from '../../hooks/use-server-now.js';
import { useAgentStore, type OpState } from '../../stores/agent-store.js';
import { useGate } from '../../stores/lock-store.js';
import { JsonTree } from '../common/json-tree.js';
import { ParamsForm, RAW_PARAMS_KEY } from './params-form.js';
import { SessionMessages } from './session-messages.js';

interface OpPanelProps {
  name: string;
  info: TaskOpInfo | ProcessOpInfo;
}

const IDLE: OpState = { session: null, busy: null, error: null, note: null };

export function OpPanel({ name, info }: OpPanelProps): ReactElement {
  const op = useAgentStore((state) => state.ops[name]) ?? IDLE;
  const actions = useAgentStore.getState();
  // An op whose min_privs is 2 or more needs expert (the station checks the same against the agent's get_api).
  const gate = useGate('op:start', levelForMinPrivs(info.min_privs ?? 1));
  const now = useServerNow(isActive(op.session) ? 100 : 1000);
  const signature = useMemo(() => parseSignature(info.docstring), [info.docstring]);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const status = opStatusLine(op.session, now);
  const disabled = !gate.allowed || op.busy !== null;
  const isTask = info.op_type === 'task';

  const start = () => {
    const result = signature ? buildParams(signature.params, texts) : parseParamsJson(texts[RAW_PARAMS_KEY] ?? '');
    if (!result.ok) {
      setFormError(result.error);
      return;
    }
    setFormError(null);
    void actions.start(name, result.params);
  };
  const run = (action: () => Promise<void>) => () => {
    setFormError(null);
    void action();
  };

  const error = formError ?? op.error;
  const docBody = info.docstring ? docstringBody(info.docstring) : null;

  return (
    <article className={`op-panel op-panel--${status.tone}`} data-testid="op-panel" data-op={name} aria-label={`${info.op_type} ${name}`}>
      <header className="op-header">
        <h3 className="op-name">{name}</h3>
        <span className="op-type">{info.op_type}</span>
        <span className={`op-status op-status--${status.tone}`} data-testid="op-status" aria-live="polite">
          {status.text}
        </span>
      </header>
      <div className="op-body">
        <div className="op-controls">
          <ParamsForm opName={name} specs={signature ? signature.params : null} texts={texts} onChange={(key, text) => setTexts((prev) => ({ ...prev, [key]: text }))} />
          <div className="op-buttons">
            <button type="button" className="btn btn--start" data-testid="op-start" disabled={disabled} title={gate.title} onClick={start}>
              {op.busy === 'start' ? 'Starting…' : 'Start'}
            </button>
            {isTask ? (
              <button
                type="button"
                className="btn btn--danger"
                data-testid="op-abort"
                disabled={disabled || !(info as TaskOpInfo).abortable}
                title={gate.title ?? ((info as TaskOpInfo).abortable ? 'Abort the running task' : 'This task cannot be aborted')}
                onClick={run(() => actions.abort(name))}
              >
                {op.busy === 'abort' ? 'Aborting…' : 'Abort'}
              </button>
            ) : (
              <button type="button" className="btn btn--danger" data-testid="op-stop" disabled={disabled} title={gate.title} onClick={run(() => actions.stop(name))}>
                {op.busy === 'stop' ? 'Stopping…' : 'Stop'}
              </button>
            )}
            <button type="button" className="btn" data-testid="op-wait" disabled={disabled} onClick={run(() => actions.wait(name))}>
              {op.busy === 'wait' ? 'Waiting…' : 'Wait'}
            </button>
          </div>
          {error && (
            <p className="op-error" data-testid="op-error" role="alert">
              {error}
            </p>
          )}
          {op.note && <p className="op-note">{op.note}</p>}
          {docBody !== null && (
            <details className="docstring">
              <summary>{docBody.summary}</summary>
              <pre>{info.docstring}</pre>
            </details>
          )}
        </div>
        <div className="op-session">
          <h4>Messages</h4>
          <SessionMessages messages={op.session?.messages ?? []} />
          <h4>Data</h4>
          <JsonTree value={op.session?.data ?? {}} testId="op-data" />
        </div>
      </div>
    </article>
  );
}

/** The docstring's first line after the signature, for the collapsed summary. */
function docstringBody(docstring: string): { summary: string } {
  const lines = docstring.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const start = parseSignature(docstring) ? 1 : 0;
  const summary = (lines[start] ?? 'Docstring').replace(/\*\*/g, '');
  return { summary: summary.length > 120 ? `${summary.slice(0, 117)}…` : summary };
}
