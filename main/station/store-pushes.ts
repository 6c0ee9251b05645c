import type { DataFileRecord, ScriptOutputLine, ScriptRunRecord } from '../../shared/smurf.js';
import type { PushChannel, PushChannels } from '../../shared/ipc.js';

/** The store change events forwarded here (the testbed's own go through the TestbedService). */
export type StoreChangeEvent = { kind: 'run'; run: ScriptRunRecord } | { kind: 'output'; lines: ScriptOutputLine[] } | { kind: 'datafile'; file: DataFileRecord } | { kind: `testbed-${string}` };

type Publish = <C extends PushChannel>(channel: C, payload: PushChannels[C]) => void;

/**
 * Forwards the store's change events to the UI push channels (the bindings batch them):
 * runs → scripts:runs, output lines → scripts:output, data files → smurf:datafiles. Returns unsubscribe.
 */
export function forwardStoreChanges(store: { onChange(listener: (event: StoreChangeEvent) => void): () => void }, publish: Publish): () => void {
  return store.onChange((event) => {
    switch (event.kind) {
      case 'run':
        return publish('scripts:runs', [event.run]);
      case 'output':
        if (event.lines.length > 0) publish('scripts:output', event.lines);
        return;
      case 'datafile':
        return publish('smurf:datafiles', [event.file]);
      default:
        return;
    }
  });
}
