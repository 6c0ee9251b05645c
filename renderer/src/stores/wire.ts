/** Connects the stores to the station once: pushes into stores, and a fresh snapshot at start and after every reconnect. */
import type { ConnectionState } from '../../../shared/ipc.js';
import type { StationLink } from '../api/link.js';
import { useAgentStore } from './agent-store.js';
import { useAlarmsStore } from './alarms-store.js';
import { useAuditStore } from './audit-store.js';
import { useClockStore } from './clock-store.js';
import { useConnectionStore } from './connection-store.js';
import { useDataFileStore } from './datafile-store.js';
import { useFastmonStore } from './fastmon-store.js';
import { useFanoutStore, useLaunchStore } from './manager-op-store.js';
import { refreshHeldFeeds, usePlotsStore } from './plots-store.js';
import { useOperationsStore } from './operations-store.js';
import { useScriptFormStore } from './script-form-store.js';
import { useScriptRunsStore } from './script-runs-store.js';
import { useSmurfStore } from './smurf-store.js';
import { useLinkStore } from './link-store.js';
import { useLockStore } from './lock-store.js';
import { useLogsStore } from './logs-store.js';
import { useRegistryStore } from './registry-store.js';
import { useTestbedMessagesStore } from './testbed-messages-store.js';
import { useTestbedStore } from './testbed-store.js';
import { setStationApi } from './station.js';

/** Clock re-sync period: cheap, and keeps ages right if either clock steps. */
const CLOCK_SYNC_MS = 60_000;

/** Loads everything the views show from the station. */
export async function refreshAll(): Promise<void> {
  await Promise.all([
    useClockStore.getState().sync(),
    // The station relocks on its own clock: after a reconnect this connection is a new one, at its start level.
    useLockStore.getState().load(),
    useRegistryStore.getState().load(),
    useConnectionStore.getState().load(),
    useSmurfStore.getState().load(),
    useScriptFormStore.getState().load(),
    useScriptRunsStore.getState().reload(),
    useDataFileStore.getState().load(),
    useFanoutStore.getState().refresh(),
    useLaunchStore.getState().refresh(),
    useTestbedStore.getState().load(),
    useTestbedMessagesStore.getState().load(),
    useAlarmsStore.getState().load(),
    // The fastmon history is loaded when its view opens; after a reconnect only if it was.
    useFastmonStore.getState().loaded ? useFastmonStore.getState().load() : Promise.resolve(),
    // Open log tabs follow again (a no-op with none open).
    useLogsStore.getState().reconnect(),
    // Feed points pushed while the bridge was down are lost: re-read the plotted feeds' history.
    refreshHeldFeeds(),
    // Likewise the audit log: loaded by its view, reloaded after a reconnect (pushes were lost meanwhile).
    useAuditStore.getState().loaded ? useAuditStore.getState().load() : Promise.resolve(),
    // Likewise the operation monitor: loaded when its view opens, reloaded after a reconnect if it was.
    useOperationsStore.getState().loaded ? useOperationsStore.getState().load() : Promise.resolve(),
  ]);
  if (useAgentStore.getState().address) await useAgentStore.getState().refresh();
}

/** True when the station (re)joined a router or switched to another bus: its agent set is a different one. */
export function joinedAnotherBus(previous: ConnectionState | null, next: ConnectionState | null): boolean {
  if (!next || next.status !== 'connected') return false;
  if (!previous || previous.status !== 'connected') return true;
  return previous.url !== next.url || previous.realm !== next.realm || previous.addressRoot !== next.addressRoot;
}

/** Wires the link into the stores; returns the function that unwires it. */
export function wireStores(link: StationLink): () => void {
  setStationApi(link.api);
  const unsubscribers = [
    link.api.on('registry:rows', (rows) => useRegistryStore.getState().applyRows(rows)),
    link.api.on('connection:state', (state) => useConnectionStore.getState().apply(state)),
    link.api.on('smurf:slots', (slots) => useSmurfStore.getState().applySlots(slots)),
    link.api.on('scripts:runs', (runs) => useScriptRunsStore.getState().applyRuns(runs)),
    link.api.on('scripts:output', (lines) => useScriptRunsStore.getState().applyOutput(lines)),
    link.api.on('smurf:datafiles', (files) => useDataFileStore.getState().applyFiles(files)),
    link.api.on('testbed:messages', (messages) => useTestbedMessagesStore.getState().applyMessages(messages)),
    link.api.on('testbed:status', (status) => useTestbedStore.getState().applyStatus(status)),
    link.api.on('fastmon:tfs', (tfs) => useFastmonStore.getState().applyTfs(tfs)),
    link.api.on('fastmon:runs', (runs) => useFastmonStore.getState().applyRuns(runs)),
    link.api.on('alarms:changed', (alarms) => useAlarmsStore.getState().applyAlarms(alarms)),
    link.api.on('logs:appended', (pushes) => useLogsStore.getState().applyAppended(pushes)),
    link.api.on('feeds:data', (batches) => usePlotsStore.getState().applyData(batches)),
    link.api.on('audit:entries', (entries) => useAuditStore.getState().applyEntries(entries)),
    link.api.on('ops:changes', (records) => useOperationsStore.getState().applyChanges(records)),
    link.api.on('access:level', (view) => useLockStore.getState().apply(view)),
    link.onState((state) => {
      useLinkStore.getState().setState(state);
      // Pushes sent while the bridge was down are lost: reload the whole picture.
      if (state.status === 'connected') void refreshAll();
    }),
    // On a switch the station drops the old bus's rows without pushing removals: take a fresh snapshot.
    useConnectionStore.subscribe((next, previous) => {
      if (previous.state && joinedAnotherBus(previous.state, next.state)) {
        void useRegistryStore.getState().load();
        void useSmurfStore.getState().load();
      }
    }),
  ];
  useLinkStore.getState().setState(link.state());
  if (link.state().status === 'connected') void refreshAll();
  const clockTimer = setInterval(() => void useClockStore.getState().sync(), CLOCK_SYNC_MS);
  return () => {
    clearInterval(clockTimer);
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
