/** Turns the data in op-specs.ts into what the OCS runtime registers: param declarations and docstrings. */
import { param, type ParamDecl } from '../../ocs/params.js';
import { pyRepr } from '../../ocs/py-format.js';
import type { ControllerOpSpec, OpParamSpec } from './op-specs.js';

/** The `@ocs_agent.param` declarations of one op (unknown keys are rejected like OCS does). */
export function paramDecls(spec: ControllerOpSpec): ParamDecl[] {
  return spec.params.map((p: OpParamSpec) =>
    param(p.key, {
      ...(p.required ? {} : { default: p.default ?? null }),
      ...(p.type ? { type: p.type } : {}),
      ...(p.choices ? { choices: [...p.choices] } : {}),
    }),
  );
}

/** Python repr of a default; a float param's integral default keeps its `.0` (JSON cannot tell 30 from 30.0). */
function defaultRepr(p: OpParamSpec): string {
  const value = p.default ?? null;
  return p.type === 'float' && typeof value === 'number' && Number.isInteger(value) ? `${value}.0` : pyRepr(value);
}

/** The call-signature line, e.g. `take_noise(duration=30.0, kwargs=None, tag=None, run_in_main_process=False)`. */
export function signature(spec: ControllerOpSpec): string {
  return `${spec.name}(${spec.params.map((p) => (p.required ? p.key : `${p.key}=${defaultRepr(p)}`)).join(', ')})`;
}

/** Docstring with the call signature on its first line, the kind, the summary and the params. */
export function opDocstring(spec: ControllerOpSpec, extra = ''): string {
  const kind = spec.kind === 'task' ? '**Task**' : '**Process**';
  const lines = spec.params.map((p) => `    ${p.key}${p.type ? ` (${p.type})` : ''}: ${p.required ? 'required' : `default ${defaultRepr(p)}`}`);
  const params = lines.length > 0 ? `\n\nParameters:\n${lines.join('\n')}` : '';
  return `${signature(spec)}\n\n${kind} - ${spec.summary}${extra ? ` ${extra}` : ''}${params}`;
}
