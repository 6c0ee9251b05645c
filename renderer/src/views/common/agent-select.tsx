import type { ReactElement } from 'react';

export interface AgentSelectProps {
  addresses: readonly string[];
  value: string;
  onChange(address: string): void;
  testId: string;
  className?: string;
}

/** The labelled "Agent" picker the agent browser and the plots share ('' means none picked). */
export function AgentSelect({ addresses, value, onChange, testId, className }: AgentSelectProps): ReactElement {
  return (
    <label className={className}>
      <span>Agent</span>
      <select data-testid={testId} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">— pick an agent —</option>
        {addresses.map((item) => (
          <option key={item} value={item}>
            {item}
          </option>
        ))}
      </select>
    </label>
  );
}
