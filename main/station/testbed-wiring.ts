import { join } from 'node:path';
import type { PushChannel, PushChannels } from '../../shared/ipc.js';
import { loadStationConfig, type StationConfig } from '../config/station-config.js';
import type { OcsLogger } from '../ocs/logger.js';
import type { StationStore } from '../store/index.js';
import { resolveBusSettings } from '../testbed/bus-settings.js';
import { createTestbedBus, type TestbedBus, type TestbedBusConfig } from '../testbed/bus/index.js';
import { describeBus, MessageRecorder, TestbedOrchestrator } from '../testbed/orchestrator/index.js';
import { SupervisorBridge, SupervisorWatchdog } from '../testbed/supervisor/index.js';
import type { RouterHandle } from '../wamp/index.js';
import { TestbedConfigs } from './testbed-configs.js';
import { TestbedService } from './testbed-service.js';

type Publish = <C extends PushChannel>(channel: C, payload: PushChannels[C]) => void;

export interface StationTestbedOptions {
  dataDir: string;
  store: StationStore;
  /** The embedded router (started on demand): the testbed's bus. */
  router(): Promise<RouterHandle>;
  publish: Publish;
  logger: OcsLogger;
  warn(message: string): void;
  /** Explicit supervisord executable (tests); default PATH and the usual directories. */
  supervisordPath?: string;
  /** Another testbed bus (e.g. ActiveMQ over STOMP); default from `<dataDir>/station.toml` and the environment (see {@link stationTestbedBus}). */
  bus?: TestbedBusConfig;
  /** The environment read for STATION_TESTBED_BUS, ACTIVEMQ_* and the password variable; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The station's own testbed bus from station.toml and the environment; undefined means the station's
 * embedded router. STATION_TESTBED_BUS wins over the file's `[testbed] bus`; "stomp" then takes its
 * settings from ACTIVEMQ_* over `[testbed.stomp]`; "wamp" uses `[testbed.wamp] url` (STATION_WAMP_URL and
 * STATION_WAMP_REALM override it) and, when the file gives no url, the embedded router.
 */
export function stationTestbedBus(config: StationConfig, env: NodeJS.ProcessEnv = process.env): TestbedBusConfig | undefined {
  const kind = env.STATION_TESTBED_BUS?.trim() || config.testbed.bus || 'wamp';
  if (kind === 'wamp' && config.testbed.wamp.url === undefined) return undefined;
  return resolveBusSettings({}, env, config);
}

export interface StationTestbed {
  readonly service: TestbedService;
  /** True when the testbed talks over the station's embedded router. */
  readonly onEmbeddedRouter: boolean;
  /** Connects the message recorder to the testbed bus (the embedded router); failures are warned, never thrown. */
  start(): Promise<void>;
  /** Stops recording; shuts the station's supervisord down (its agents lose their bus with the router). */
  close(): Promise<void>;
}

/** The testbed side of the station: configs, the orchestrator, the message recorder and the service over them. */
export function createStationTestbed(options: StationTestbedOptions): StationTestbed {
  // Read (and checked) even when the bus is given: a bad station.toml stops the station with its one error.
  const stationConfig = loadStationConfig(options.dataDir);
  const configuredBus = options.bus ?? stationTestbedBus(stationConfig, options.env ?? process.env);
  const configs = new TestbedConfigs({ userDir: join(options.dataDir, 'testbed', 'configs') });
  const state: { bus: TestbedBus | null; config: TestbedBusConfig | null; recorder: MessageRecorder | null; orchestrator: TestbedOrchestrator | null } = {
    bus: null,
    config: null,
    recorder: null,
    orchestrator: null,
  };
  const busConfig = async (): Promise<TestbedBusConfig> => {
    if (configuredBus) return (state.config = configuredBus);
    const router = await options.router();
    state.config ??= { kind: 'wamp', url: router.wsUrl, realm: router.realm };
    return state.config;
  };
  let orchestrator: Promise<TestbedOrchestrator> | null = null;
  let recording: Promise<void> | null = null;
  /** Connects the recorder once (at start on the embedded bus, else with the first testbed action); a failure is retried next time. */
  const startRecording = (): Promise<void> =>
    (recording ??= (async () => {
      const bus = createTestbedBus(await busConfig(), { logger: options.logger, connectTimeoutMs: 0 });
      state.bus = bus;
      // Every bus state change reaches the view (and the alarms) at once, watched or not.
      bus.onState(() => service.refresh());
      state.recorder = new MessageRecorder({ bus, store: options.store });
      await state.recorder.start();
    })().catch(async (error: Error) => {
      recording = null;
      await state.bus?.close();
      state.bus = null;
      options.warn(`testbed message recorder: ${error.message}`);
    }));
  /** The orchestrator on the testbed bus; made once, after the recorder listens (so a run's first message is recorded). */
  const makeOrchestrator = async (): Promise<TestbedOrchestrator> => {
    await startRecording();
    state.orchestrator = new TestbedOrchestrator({
      dataDir: options.dataDir,
      bus: await busConfig(),
      store: options.store,
      configDirs: [configs.userDir, configs.builtinDir],
      supervisordPath: options.supervisordPath,
      logger: options.logger,
    });
    return state.orchestrator;
  };
  const service = new TestbedService({
    configs,
    records: options.store.testbed,
    publish: options.publish,
    supervisordPath: options.supervisordPath,
    orchestrator: () =>
      (orchestrator ??= makeOrchestrator().catch((error: Error) => {
        orchestrator = null;
        throw error;
      })),
    bus: () => ({ description: state.config ? describeBus(state.config) : 'not connected yet', state: state.bus?.state ?? 'disconnected' }),
    supervisorLoss: () => watchdog.loss,
  });
  // supervisord killed or crashed: replaced (with backoff) and its programs started again, shown in the status.
  const watchdog = new SupervisorWatchdog({
    bridge: new SupervisorBridge({ dataDir: options.dataDir, supervisordPath: options.supervisordPath, logger: options.logger }),
    onChange: () => service.refresh(),
    logger: options.logger,
  });
  const unsubscribe = options.store.onChange((event) => service.onStoreChange(event));

  return {
    service,
    onEmbeddedRouter: configuredBus === undefined,
    start: startRecording,
    async close() {
      unsubscribe();
      watchdog.stop();
      service.close();
      await state.recorder?.stop();
      await state.orchestrator?.close();
      await state.bus?.close();
      // Only a supervisord this station may have started (its own socket under dataDir) is shut down.
      await new SupervisorBridge({ dataDir: options.dataDir }).shutdown(10_000).catch((error: Error) => options.warn(`testbed: ${error.message}`));
    },
  };
}
