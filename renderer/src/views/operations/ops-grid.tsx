/** The grid of agents × operations, each cell coloured by its op code (the registry chips' colours); a click opens the live session. */
import type { ReactElement } from 'react';
import type { OpGridRow } from '../../../../shared/operations.js';
import { opCodeClass, opCodeName } from '../../logic/op-codes.js';
import { formatAgo } from '../../logic/time-format.js';

export interface OpsGridProps {
  rows: readonly OpGridRow[];
  now: number;
  selected: { address: string; op: string } | null;
  onSelect(address: string, op: string): void;
}

export function OpsGrid({ rows, now, selected, onSelect }: OpsGridProps): ReactElement {
  if (rows.length === 0) return <p className="hint">No agents seen yet.</p>;
  return (
    <table className="ops-grid" data-testid="ops-grid">
      <thead>
        <tr>
          <th scope="col">Agent</th>
          <th scope="col">Class</th>
          <th scope="col">Operations</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.address} data-testid="ops-grid-row" data-agent={row.address} className={row.expired ? 'ops-grid-row--expired' : undefined}>
            <th scope="row" className="cell--address">
              {row.address}
            </th>
            <td className="ops-grid-class">{row.agentClass ?? '—'}</td>
            <td className="ops-grid-ops">
              {Object.entries(row.ops)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([op, cell]) => (
                  <button
                    key={op}
                    type="button"
                    className={`chip ops-cell ${opCodeClass(cell.code)}`}
                    data-testid="ops-cell"
                    data-agent={row.address}
                    data-op={op}
                    data-op-code={cell.code}
                    aria-pressed={selected?.address === row.address && selected.op === op}
                    title={`${op}: ${opCodeName(cell.code)} (${cell.code})${cell.since !== null ? ` since ${formatAgo(now - cell.since)}` : ''}`}
                    onClick={() => onSelect(row.address, op)}
                  >
                    {op}
                  </button>
                ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
