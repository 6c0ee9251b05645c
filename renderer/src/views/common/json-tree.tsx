/** session.data as a collapsible tree: objects and arrays fold, the first two levels start open. */
import type { ReactElement } from 'react';

const MAX_CHILDREN = 200;
const OPEN_DEPTH = 2;

interface JsonTreeProps {
  value: unknown;
  testId?: string;
}

/** Renders any JSON value. */
export function JsonTree({ value, testId }: JsonTreeProps): ReactElement {
  return (
    <div className="json-tree" data-testid={testId}>
      <JsonNode name={null} value={value} depth={0} />
    </div>
  );
}

function JsonNode({ name, value, depth }: { name: string | null; value: unknown; depth: number }): ReactElement {
  const label = name === null ? null : <span className="json-key">{name}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="json-leaf">
        {label}
        <Primitive value={value} />
      </div>
    );
  }
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${entries.length} item${entries.length === 1 ? '' : 's'}]` : `{${entries.length} key${entries.length === 1 ? '' : 's'}}`;
  if (entries.length === 0) {
    return (
      <div className="json-leaf">
        {label}
        <span className="json-empty">{Array.isArray(value) ? '[]' : '{}'}</span>
      </div>
    );
  }
  return (
    <details className="json-branch" open={depth < OPEN_DEPTH}>
      <summary>
        {label}
        <span className="json-summary">{summary}</span>
      </summary>
      <div className="json-children">
        {entries.slice(0, MAX_CHILDREN).map(([key, child]) => (
          <JsonNode key={key} name={key} value={child} depth={depth + 1} />
        ))}
        {entries.length > MAX_CHILDREN && <div className="json-more">… {entries.length - MAX_CHILDREN} more</div>}
      </div>
    </details>
  );
}

function Primitive({ value }: { value: unknown }): ReactElement {
  if (value === null || value === undefined) return <span className="json-null">null</span>;
  if (typeof value === 'string') return <span className="json-string">&quot;{value}&quot;</span>;
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="json-bool">{String(value)}</span>;
  return <span>{String(value)}</span>;
}
