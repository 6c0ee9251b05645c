/**
 * The station's alarms: the service over `store.alarms`, fed by the registry rows and testbed status
 * pushes (tapped from the handler table) and the store's recorded messages, ticking once a second.
 */
import type { AuditEntry } from '../../shared/audit.js';
import { userInfo } from 'node:os';
import type { AgentRow, PushChannel, PushChannels } from '../../shared/ipc.js';
import type { TestbedStatusView } from '../../shared/testbed.js';
import { AlarmService } from '../alarms/alarm-service.js';
import { FastmonWatch } from '../alarms/fastmon-watch.js';
import type { AlarmNotify } from '../alarms/notify.js';
import { ProgramWatch } from '../alarms/program-watch.js';
import { RegistryWatch, type OpKind } from '../alarms/registry-watch.js';
import { IpcError } from '../ipc/ipc-error.js';
import { UnknownAlarmError } from '../alarms/alarm-service.js';
import type { StationStore } from '../store/index.js';
import type { OpService } from './op-service.js';

type Publish = <C extends PushChannel>(channel: C, payload: PushChannels[C]) => void;

export interface StationAlarmsOptions {
  mode: 'electron' | 'headless';
  store: StationStore;
  ops: Pick<OpService, 'api' | 'request'>;
  publish: Publish;
  notify?: AlarmNotify;
  warn(message: string): void;
  /** Tick period (ms); default 1000. */
  tickMs?: number;
}

export interface StationAlarms {
  readonly service: AlarmService;
  /** Acknowledges as the station's user; unknown ids are a bad request. */
  ack(id: number): ReturnType<AlarmService['ack']>;
  /** Every push of the handler table (rows and testbed status feed the watches). */
  onPush(channel: PushChannel, payload: unknown): void;
  /** The station moved to another bus: op kinds and op codes learned so far no longer apply. */
  busChanged(): void;
  close(): void;
}

/** Who acknowledges: the station process's OS user, and which UI (both UIs act as that user). */
export function ackUser(mode: 'electron' | 'headless'): string {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry (some containers): the mode alone still says where the ack came from.
  }
  return `${name} (${mode === 'electron' ? 'desktop' : 'headless'})`;
}

export function createStationAlarms(options: StationAlarmsOptions): StationAlarms {
  const service = new AlarmService({
    store: options.store.alarms,
    publish: (alarms) => options.publish('alarms:changed', alarms),
    notify: options.notify,
    warn: options.warn,
  });
  const report = (conditions: Parameters<AlarmService['report']>[0]) => service.report(conditions);
  const registry = new RegistryWatch({
    opKinds: async (address) => {
      const api = await options.ops.api(address);
      return new Map<string, OpKind>([...api.tasks.map(([name]) => [name, 'task'] as const), ...api.processes.map(([name]) => [name, 'process'] as const)]);
    },
    session: async (address, op) => {
      const reply = await options.ops.request('status', address, op);
      return reply.session ? { data: reply.session.data, message: reply.message } : null;
    },
    report,
    warn: options.warn,
  });
  const programs = new ProgramWatch(report);
  const fastmon = new FastmonWatch(service.now, () => service.rule('fastmon-rate-low').threshold, report);
  const unsubscribe = options.store.onChange((event) => fastmon.onStoreChange(event));
  const timer = setInterval(() => {
    fastmon.tick();
    service.tick();
  }, options.tickMs ?? 1000);
  // The tick must not keep a closing process alive.
  timer.unref();
  const user = ackUser(options.mode);
  return {
    service,
    ack(id) {
      try {
        return service.ack(id, user);
      } catch (error) {
        if (error instanceof UnknownAlarmError) throw new IpcError('bad_request', error.message);
        throw error;
      }
    },
    onPush(channel, payload) {
      if (channel === 'registry:rows') registry.onRows(payload as AgentRow[]);
      else if (channel === 'testbed:status') programs.onStatus(payload as TestbedStatusView);
      // A process the user stopped or aborted from the station is not an alarm (the audit log says who did it).
      else if (channel === 'audit:entries') {
        for (const entry of payload as AuditEntry[]) {
          const request = entry.params as { address?: unknown; op?: unknown };
          if ((entry.action === 'op:stop' || entry.action === 'op:abort') && entry.ok && typeof request.address === 'string' && typeof request.op === 'string') registry.expectStop(request.address, request.op, Date.now());
        }
      }
    },
    busChanged: () => registry.clear(),
    close() {
      clearInterval(timer);
      unsubscribe();
    },
  };
}
