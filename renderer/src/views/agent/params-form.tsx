/** The Start form of an op: one typed input per docstring parameter, or a JSON box when there is no signature. */
import type { ReactElement } from 'react';
import type { ParamSpec } from '../../logic/signature.js';

interface ParamsFormProps {
  opName: string;
  specs: readonly ParamSpec[] | null;
  texts: Readonly<Record<string, string>>;
  onChange(name: string, text: string): void;
}

/** Key of the free-form JSON box in `texts` when the docstring gives no signature. */
export const RAW_PARAMS_KEY = '__json__';

const KIND_HINT: Record<ParamSpec['kind'], string> = {
  int: 'integer',
  float: 'number',
  bool: 'true / false',
  str: 'text',
  auto: 'JSON or text',
};

export function ParamsForm({ opName, specs, texts, onChange }: ParamsFormProps): ReactElement | null {
  if (specs === null) {
    const id = `${opName}-params-json`;
    return (
      <div className="params">
        <label className="param" htmlFor={id}>
          <span className="param-name">params</span>
          <input
            id={id}
            className="param-input param-input--wide"
            data-testid="param-json"
            placeholder='JSON object, e.g. {"delay": 2}'
            value={texts[RAW_PARAMS_KEY] ?? ''}
            onChange={(event) => onChange(RAW_PARAMS_KEY, event.target.value)}
          />
        </label>
      </div>
    );
  }
  if (specs.length === 0) return null;
  return (
    <div className="params">
      {specs.map((spec) => {
        const id = `${opName}-param-${spec.name}`;
        const text = texts[spec.name] ?? spec.defaultText ?? '';
        return (
          <label key={spec.name} className="param" htmlFor={id}>
            <span className="param-name">{spec.name}</span>
            {spec.kind === 'bool' ? (
              <input
                id={id}
                type="checkbox"
                className="param-check"
                data-testid={`param-${spec.name}`}
                checked={text === 'true'}
                onChange={(event) => onChange(spec.name, event.target.checked ? 'true' : 'false')}
              />
            ) : (
              <input
                id={id}
                className="param-input"
                data-testid={`param-${spec.name}`}
                type={spec.kind === 'int' || spec.kind === 'float' ? 'number' : 'text'}
                step={spec.kind === 'int' ? 1 : spec.kind === 'float' ? 'any' : undefined}
                inputMode={spec.kind === 'int' ? 'numeric' : spec.kind === 'float' ? 'decimal' : undefined}
                placeholder={spec.defaultText === null ? 'required by the agent?' : spec.defaultText === '' ? 'None' : undefined}
                value={text}
                onChange={(event) => onChange(spec.name, event.target.value)}
              />
            )}
            <span className="param-kind">{KIND_HINT[spec.kind]}</span>
          </label>
        );
      })}
    </div>
  );
}
