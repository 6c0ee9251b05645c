import type { DataFileRecord, ScriptEntry, ScriptOutputLine, ScriptRunRecord, SmurfInfo, SmurfSlot } from '../../shared/smurf.js';
import { listScripts } from './script-catalog.js';
import type { SmurfSlotsView } from './smurf-slots.js';

/** The smurf side of the station as the handlers see it: the site's addresses, the slots view, the script catalogue and the store. */
export interface SmurfService {
  info(): SmurfInfo;
  slots(): SmurfSlot[];
  scripts(): Promise<ScriptEntry[]>;
  history(limit: number, before?: number): ScriptRunRecord[];
  output(runId: number, offset: number, limit: number): ScriptOutputLine[];
  dataFiles(filter: { pubId?: string; action?: string; limit: number }): DataFileRecord[];
}

/** The store queries the handlers need (the station store's scriptRuns and dataFiles satisfy it). */
export interface SmurfStoreQueries {
  readonly scriptRuns: {
    history(limit: number, before?: number): ScriptRunRecord[];
    output(runId: number, offset: number, limit: number): ScriptOutputLine[];
  };
  readonly dataFiles: { list(filter: { pubId?: string; action?: string; limit: number }): DataFileRecord[] };
}

export interface SmurfServiceDeps {
  store: SmurfStoreQueries;
  slots: SmurfSlotsView;
  /** Manager and monitor of the station's own smurf site while the station is on its bus, else null. */
  ownAgents(): { managerAddress: string; monitorAddress: string } | null;
  /** The allowed script directories (absolute). */
  scriptDirs: readonly string[];
}

/** The smurf channels over the slots view, the station's own site (if any) and the store. */
export function createSmurfService(deps: SmurfServiceDeps): SmurfService {
  return {
    info() {
      // On a site's bus, whatever manager/monitor heartbeats there is the one to use.
      const own = deps.ownAgents();
      return {
        managerAddress: own?.managerAddress ?? deps.slots.aliveAddressOf('MultiSmurfManager'),
        monitorAddress: own?.monitorAddress ?? deps.slots.aliveAddressOf('PysmurfMonitor'),
        scriptDirs: [...deps.scriptDirs],
      };
    },
    slots: () => deps.slots.snapshot(),
    scripts: () => listScripts(deps.scriptDirs),
    history: (limit, before) => deps.store.scriptRuns.history(limit, before),
    output: (runId, offset, limit) => deps.store.scriptRuns.output(runId, offset, limit),
    dataFiles: (filter) => deps.store.dataFiles.list(filter),
  };
}

/** A station without a smurf site or store: no slots, scripts, runs or files. */
export const NO_SMURF: SmurfService = {
  info: () => ({ managerAddress: null, monitorAddress: null, scriptDirs: [] }),
  slots: () => [],
  scripts: async () => [],
  history: () => [],
  output: () => [],
  dataFiles: () => [],
};
