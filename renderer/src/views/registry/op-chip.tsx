/** One operation of an agent, coloured by its op code. */
import type { ReactElement } from 'react';
import { opCodeClass, opCodeName } from '../../logic/op-codes.js';

export function OpChip({ name, code }: { name: string; code: number }): ReactElement {
  return (
    <span className={`chip ${opCodeClass(code)}`} title={`${name}: ${opCodeName(code)} (${code})`} data-op-code={code}>
      {name}
    </span>
  );
}
