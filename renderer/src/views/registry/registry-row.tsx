/** One agent in the registry grid. */
import { memo, type ReactElement } from 'react';
import type { AgentRow } from '../../../../shared/ipc.js';
import { formatAge } from '../../logic/time-format.js';
import { OpChip } from './op-chip.js';

interface RegistryRowProps {
  row: AgentRow;
  index: number;
  now: number;
  top: number;
  height: number;
  active: boolean;
  onOpen(address: string): void;
  onFocusRow(address: string): void;
}

export const RegistryRow = memo(function RegistryRow({ row, index, now, top, height, active, onOpen, onFocusRow }: RegistryRowProps): ReactElement {
  return (
    <div
      role="row"
      className={`grid-row${row.expired ? ' grid-row--expired' : ''}${active ? ' grid-row--active' : ''}`}
      data-testid="registry-row"
      data-address={row.address}
      data-expired={String(row.expired)}
      data-index={index}
      aria-rowindex={index + 2}
      aria-selected={active}
      tabIndex={active ? 0 : -1}
      style={{ transform: `translateY(${top}px)`, height }}
      onClick={() => onOpen(row.address)}
      onFocus={() => onFocusRow(row.address)}
    >
      <span role="gridcell" className="cell cell--state">
        <span className={`state-badge ${row.expired ? 'state-badge--expired' : 'state-badge--alive'}`}>{row.expired ? 'EXPIRED' : 'alive'}</span>
      </span>
      <span role="gridcell" className="cell cell--address" title={row.address}>
        {row.address}
      </span>
      <span role="gridcell" className="cell cell--class">
        {row.agentClass ?? '—'}
      </span>
      <span role="gridcell" className="cell cell--age">
        {formatAge(now - row.lastHeartbeat)}
      </span>
      <span role="gridcell" className="cell cell--ops">
        {Object.entries(row.opCodes).map(([name, code]) => (
          <OpChip key={name} name={name} code={code} />
        ))}
      </span>
    </div>
  );
});
