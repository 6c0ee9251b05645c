import type { DataFileRecord, ScriptOutputLine, ScriptRunRecord } from '../../shared/smurf.js';
import type { AgentHeartbeatRecord, ExecutionRecord, MessageRecord, RunRecord, TfFileRecord } from './testbed-types.js';

/**
 * What changed in the store, for the UI pushes: a run began or ended, output lines were committed, a data file was indexed;
 * a testbed message was recorded (duplicates are not announced), an agent heartbeat, an execution or testbed run was written.
 * Only writes made through this process's store are announced; another process's writes show in `testbed.dataVersion()`.
 */
export type StoreChange =
  | { kind: 'run'; run: ScriptRunRecord }
  | { kind: 'output'; lines: ScriptOutputLine[] }
  | { kind: 'datafile'; file: DataFileRecord }
  | TestbedStoreChange;

export type TestbedStoreChange =
  | { kind: 'testbed-message'; message: MessageRecord }
  | { kind: 'testbed-agent'; agent: AgentHeartbeatRecord }
  | { kind: 'testbed-execution'; execution: ExecutionRecord }
  | { kind: 'testbed-run'; run: RunRecord }
  /** TF subsample rows the fast-monitoring agent recorded in one commit (one STF's worth); `testbed-` like the rest, as main/station/store-pushes.ts expects. */
  | { kind: 'testbed-fastmon-tf'; records: TfFileRecord[] };

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
