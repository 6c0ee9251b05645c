/**
 * What the orchestrator, the recorder and the agent manager use of the station store's testbed side
 * (`store.testbed`, main/store/testbed-store.ts): a narrow seam, so each piece names what it touches.
 */
import type { StationStore } from '../../store/index.js';
import type { TestbedStore } from '../../store/testbed-types.js';

/** The store's testbed records (a `TestbedStore` satisfies this). */
export type TestbedRecords = TestbedStore;

/** Opens the store of a data directory lazily and closes it only if it opened it. */
export interface StoreHandle {
  records(): TestbedRecords;
  close(): void;
}

/** Uses `given` when passed (the station's own store), else opens `<dataDir>/station.sqlite` on first use. */
export function storeHandle(dataDir: string, open: (dir: string) => StationStore, given?: StationStore): StoreHandle {
  let opened: StationStore | null = null;
  return {
    records: () => (given ?? (opened ??= open(dataDir))).testbed,
    close() {
      opened?.close();
      opened = null;
    },
  };
}
