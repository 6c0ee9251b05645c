/** The one StationApi the stores talk to, set once at start-up (tests set their own). */
import type { StationApi } from '../../../shared/ipc.js';

let current: StationApi | null = null;

/** Installs the API the stores use. */
export function setStationApi(api: StationApi | null): void {
  current = api;
}

/** The installed API; throws when start-up forgot to install one (a programming error, not a user one). */
export function stationApi(): StationApi {
  if (!current) throw new Error('station API not set: call setStationApi() before using the stores');
  return current;
}

/** Message of anything thrown by an invoke, for display in place. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
