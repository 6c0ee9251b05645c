import type { DataFileRecord, ScriptOutputLine, ScriptRunRecord } from '../../shared/smurf.js';

/** What changed in the store, for the UI pushes: a run began or ended, output lines were committed, a data file was indexed. */
export type StoreChange = { kind: 'run'; run: ScriptRunRecord } | { kind: 'output'; lines: ScriptOutputLine[] } | { kind: 'datafile'; file: DataFileRecord };

export type StoreChangeListener = (event: StoreChange) => void;

/** Fans change events out to listeners; a throwing listener is reported and never breaks a write. */
export class ChangeEvents {
  private readonly listeners = new Set<StoreChangeListener>();

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Adds a listener; returns its unsubscribe function. */
  subscribe(listener: StoreChangeListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  emit(event: StoreChange): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
