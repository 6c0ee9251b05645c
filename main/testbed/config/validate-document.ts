import type { z } from 'zod';
import { AGENT_KEYS } from './agent-keys.js';
import { documentSchema, parametersSchema, SECTION_KEYS, type ValidDocument } from './document-schema.js';
import { TestbedConfigError } from './errors.js';
import { locatePath } from './source-locator.js';
import { keyLabel, type TomlSource } from './toml-file.js';
import type { ParamValue } from './types.js';

/** Validates a parsed testbed-format file; the first problem in file order becomes a located {@link TestbedConfigError}. */
export function validateDocument(source: TomlSource): ValidDocument {
  const result = documentSchema.safeParse(source.document, { reportInput: true });
  if (result.success) return result.data;
  const located = result.error.issues.map((issue) => toError(issue, source.file, (path) => locatePath(source.text, path)));
  located.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  throw located[0];
}

/** Validates params passed in code (CLI flags, MCP, run_workflow messages); errors read `params: <key> …`. */
export function validateParams(params: Readonly<Record<string, unknown>>): Record<string, ParamValue> {
  const result = parametersSchema.safeParse(params, { reportInput: true });
  // The input itself, not zod's output: zod would move the DAQ keys first and the order is reported back.
  if (result.success) return { ...params } as Record<string, ParamValue>;
  throw toError(result.error.issues[0], 'params', () => undefined, true);
}

type Issue = z.core.$ZodIssue;

function toError(issue: Issue, file: string, locate: (path: string[]) => number | undefined, flat = false): TestbedConfigError {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const full = [...path, key];
    const problem = unknownKeyProblem(path, key);
    const label = path.length === 1 && path[0] === 'agents' ? `[agents.${key}]` : keyLabel(path, key);
    return new TestbedConfigError(problem, { file, line: locate(full), key: label });
  }
  const keys = issue.path.filter((segment): segment is string => typeof segment === 'string');
  const index = issue.path.at(-1);
  const table = keys.slice(0, -1);
  const key = keys.at(-1);
  const label = flat ? (key ?? '') : keyLabel(table, key) + (typeof index === 'number' ? `[${index}]` : '');
  return new TestbedConfigError(`${label} ${issue.message}, got ${describeValue(issue.input)}`, { file, line: locate(keys), key: label });
}

function unknownKeyProblem(path: string[], key: string): string {
  const where = path.join('.');
  if (where === 'agents') return `[agents.${key}] is not a known agent (known: ${AGENT_KEYS.join(', ')})`;
  const known = where === 'testbed' ? SECTION_KEYS.testbed : where === 'workflow' ? SECTION_KEYS.workflow : path[0] === 'agents' ? SECTION_KEYS.agent : [];
  return `${keyLabel(path, key)} is not a known key (known: ${known.join(', ')})`;
}

/** Names a TOML value and its type for "got …": `string "yes"`, `integer 1`, `a table`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return Number.isInteger(value) ? `integer ${value}` : `float ${value}`;
  if (typeof value === 'boolean') return `boolean ${value}`;
  if (typeof value === 'bigint') return `integer ${value}`;
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return `a date (${value.toISOString()})`;
  return 'a table';
}
