import { join } from 'node:path';
import type autobahn from 'autobahn';
import type { PushChannel, PushChannels } from '../../shared/ipc.js';
import { DEFAULT_SMURF_SITE_FILE, loadSmurfSite, type SmurfSiteConfig } from '../agents/pysmurf-controller/site-config.js';
import { parseAgentApi, type AgentApi } from '../ocs/client-api.js';
import { WampTransport } from '../ocs/client-wamp.js';
import type { OcsLogger } from '../ocs/logger.js';
import type { WampConnectionOptions } from '../ocs/connection.js';
import { openStationStore, type StationStore } from '../store/index.js';
import { createSmurfService, type SmurfService } from './smurf-service.js';
import { startSmurfSite, type SmurfSite } from './smurf-site.js';
import { SmurfSlotsView } from './smurf-slots.js';
import { forwardStoreChanges } from './store-pushes.js';

type Publish = <C extends PushChannel>(channel: C, payload: PushChannels[C]) => void;

/** Starts the simulated smurf site on a router (what the embedded bus calls once its router runs). */
export type SmurfSiteStarter = (connection: WampConnectionOptions, addressRoot: string) => Promise<SmurfSite>;

export interface StationSmurfOptions {
  /** The station's user data directory: the store lives there, the fake smurf files under `smurf_data/`. */
  dataDir: string;
  /** Run the simulated smurf site on the embedded router. */
  simulate: boolean;
  /** Smurf site file, default resources/smurf/smurf-site.yaml. */
  siteFile?: string;
  /** Monitor UDP port override (0 = a free one); default the site file's, a free one if taken. */
  udpPort?: number;
  /** The station's joined session (slot polling reads get_api through it). */
  session(): autobahn.Session | null;
  /** Manager and monitor of the own site while the station is on the embedded bus. */
  ownAgents(): { managerAddress: string; monitorAddress: string } | null;
  publish: Publish;
  logger: OcsLogger;
  warn(message: string): void;
}

/** The station's smurf side: the store, the site config, the slots view, the handlers' service and the site starter. */
export interface StationSmurf {
  readonly store: StationStore;
  readonly site: SmurfSiteConfig;
  readonly slots: SmurfSlotsView;
  readonly service: SmurfService;
  /** Null when the simulated site is off. */
  readonly starter: SmurfSiteStarter | null;
  /** Stops the slots view and the pushes, then closes the store (after the agents are gone). */
  close(): void;
}

/** Opens the store and prepares the smurf side (nothing runs on a bus until the starter is called). */
export function createStationSmurf(options: StationSmurfOptions): StationSmurf {
  const site = loadSmurfSite(options.siteFile ?? DEFAULT_SMURF_SITE_FILE, { dataDir: join(options.dataDir, 'smurf_data') });
  const store = openStationStore(options.dataDir, { onError: (error) => options.warn(`station store: ${(error as Error)?.message ?? String(error)}`) });
  const getApi = async (address: string): Promise<AgentApi> => {
    const session = options.session();
    if (!session) throw new Error('not connected');
    return parseAgentApi(await new WampTransport(session).call(address, ['get_api']), address);
  };
  const slots = new SmurfSlotsView({ getApi, onSlots: (changed) => options.publish('smurf:slots', changed) });
  const unforward = forwardStoreChanges(store, options.publish);
  const service = createSmurfService({ store, slots, ownAgents: options.ownAgents, scriptDirs: site.scriptDirs });
  const starter: SmurfSiteStarter | null = options.simulate
    ? (connection, addressRoot) =>
        startSmurfSite({ connection, addressRoot, site, udpPort: options.udpPort, recorder: store.scriptRuns, dataFiles: store.dataFiles, logger: options.logger, warn: options.warn })
    : null;
  return {
    store,
    site,
    slots,
    service,
    starter,
    close() {
      slots.close();
      unforward();
      store.close();
    },
  };
}
