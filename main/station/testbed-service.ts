import type { PushChannel, PushChannels } from '../../shared/ipc.js';
import type { TestbedExecutionView, TestbedMessageView, TestbedRunParams, TestbedRunResult, TestbedStatusView, TestbedSupervisorView } from '../../shared/testbed.js';
import { IpcError } from '../ipc/ipc-error.js';
import type { StoreChange } from '../store/index.js';
import type { MessageQuery, TestbedStore } from '../store/testbed-types.js';
import type { TestbedOrchestrator } from '../testbed/orchestrator/index.js';
import { describeLoss, findSupervisord, SUPERVISOR_INSTALL_HINT, type SupervisorLoss } from '../testbed/supervisor/index.js';
import type { TestbedConfigs } from './testbed-configs.js';
import { agentView, executionView, messageView, programView } from './testbed-views.js';

/** What the service uses of the orchestrator (main/testbed/orchestrator). */
export type TestbedOrchestratorPort = Pick<TestbedOrchestrator, 'run' | 'stopWorkflow' | 'stopAgents' | 'status' | 'startAgent' | 'stopAgent' | 'restartAgent'>;

/** What the service reads of the store's testbed side. */
export type TestbedRecordsPort = Pick<TestbedStore, 'listMessages' | 'listExecutions' | 'listAgents'>;

type Publish = <C extends PushChannel>(channel: C, payload: PushChannels[C]) => void;

export interface TestbedServiceOptions {
  configs: TestbedConfigs;
  /** The orchestrator, made on first use (its bus is the embedded router, which may start late). */
  orchestrator(): Promise<TestbedOrchestratorPort>;
  records: TestbedRecordsPort;
  publish: Publish;
  /** Explicit supervisord path (tests); default PATH and the usual directories. */
  supervisordPath?: string;
  /** The testbed bus, described for the view, and its state. */
  bus(): { description: string; state: string };
  /** The station's supervisord lost without a shutdown (the watchdog's latest loss), if any. */
  supervisorLoss?(): SupervisorLoss | null;
  /** How often status is pushed while a view watches (default 2 s) and how long one watch request lasts (15 s). */
  statusPushMs?: number;
  watchLeaseMs?: number;
}

/** How long an EXITED agent stays in the status after its last heartbeat, and a replaced supervisord's notice. */
const EXITED_SHOWN_MS = 10 * 60_000;

/** Errors of the testbed's own making (refusals, config errors, supervisord problems) reach the view as their text. */
const USER_FACING_ERRORS = new Set(['TestbedRefusal', 'TestbedConfigError', 'SupervisorNotInstalled', 'SupervisorUnavailable', 'UnknownSupervisorProgram', 'SupervisorFault']);

/**
 * The station's testbed side for the IPC handlers: configs, run/stop through the orchestrator, supervisord
 * programs, heartbeats, executions and recorded messages from the store, and the testbed pushes.
 */
export class TestbedService {
  private watchUntil = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private pushing = false;
  private pushAgain = false;
  private closed = false;

  constructor(private readonly options: TestbedServiceOptions) {}

  get configs(): TestbedConfigs {
    return this.options.configs;
  }

  /** supervisord as found on this machine (looked up each time: installing it needs no station restart). */
  supervisor(loss: SupervisorLoss | null = null): Omit<TestbedSupervisorView, 'running'> {
    const installed = findSupervisord(this.options.supervisordPath === undefined ? {} : { supervisordPath: this.options.supervisordPath }) !== null;
    if (!installed) return { installed, message: 'supervisord is not installed: the testbed agents cannot run.', installHint: SUPERVISOR_INSTALL_HINT };
    // A lost supervisord is shown until replaced, and its replacement for a while after.
    const shown = loss !== null && (loss.replacedAt === null || Date.now() - loss.replacedAt < EXITED_SHOWN_MS);
    return { installed, message: shown ? describeLoss(loss) : null, installHint: null };
  }

  /** The whole status; `watch` keeps the pushes coming for a lease period. */
  async status(watch = false): Promise<TestbedStatusView> {
    if (watch) this.watch();
    // One snapshot for the message and `running`: the watchdog may finish a replacement meanwhile.
    const loss = this.options.supervisorLoss?.() ?? null;
    const supervisor = this.supervisor(loss);
    let programs: TestbedStatusView['programs'] = [];
    let running = false;
    let error: string | null = null;
    if (supervisor.installed) {
      try {
        const status = await (await this.options.orchestrator()).status();
        programs = status.programs.map(programView);
        // While the watchdog replaces a lost supervisord (programs not started again yet), it is not back.
        running = status.supervisordRunning && (loss === null || loss.replacedBy !== null);
      } catch (caught) {
        error = (caught as Error).message;
      }
    }
    const { records } = this.options;
    return {
      at: Date.now(),
      supervisor: { ...supervisor, running },
      programs,
      // EXITED agents stay visible for a while (each restart is a new agent name): long enough to notice, not forever.
      agents: records
        .listAgents({ includeExited: true })
        .filter((agent) => agent.status !== 'EXITED' || Date.now() - agent.lastHeartbeat < EXITED_SHOWN_MS)
        .map(agentView),
      running: records.listExecutions({ status: 'running', limit: 50 }).map(executionView),
      bus: this.options.bus(),
      error,
    };
  }

  /** `testbed run`: a user config by its path, a shipped one by name (the orchestrator's lookup). */
  async run(request: { config?: { name: string; source: 'builtin' | 'user' }; params: TestbedRunParams }): Promise<TestbedRunResult> {
    const config = request.config ? this.configs.entry(request.config.name, request.config.source) : undefined;
    const configArg = config?.source === 'user' ? config.file : config?.name;
    const outcome = await this.withOrchestrator((orchestrator) => orchestrator.run(configArg, { ...request.params }));
    this.pushStatusSoon();
    const { executionId, namespace, started, skipped, warnings } = outcome;
    return { executionId, namespace, started, skipped, warnings };
  }

  async stopWorkflow(executionId?: string): Promise<{ ok: true }> {
    await this.withOrchestrator((orchestrator) => orchestrator.stopWorkflow(executionId));
    this.pushStatusSoon();
    return { ok: true };
  }

  async stopAgents(): Promise<{ stopped: string[] }> {
    const { stopped } = await this.withOrchestrator((orchestrator) => orchestrator.stopAgents());
    this.pushStatusSoon();
    return { stopped };
  }

  async agent(action: 'start' | 'stop' | 'restart', name: string): Promise<TestbedStatusView> {
    await this.withOrchestrator((orchestrator) => (action === 'start' ? orchestrator.startAgent(name) : action === 'stop' ? orchestrator.stopAgent(name) : orchestrator.restartAgent(name)));
    const status = await this.status();
    this.options.publish('testbed:status', status);
    return status;
  }

  /** Without `afterId` the newest `limit` (the view's opening picture), with it the ones after (following). */
  messages(query: Omit<MessageQuery, 'newest'>): TestbedMessageView[] {
    return this.options.records.listMessages({ ...query, newest: query.afterId === undefined }).map(messageView);
  }

  executions(query: Parameters<TestbedRecordsPort['listExecutions']>[0]): TestbedExecutionView[] {
    return this.options.records.listExecutions(query).map(executionView);
  }

  /** A store change: new messages go out at once, heartbeats and executions refresh the status soon. */
  onStoreChange(event: StoreChange): void {
    if (event.kind === 'testbed-message') this.options.publish('testbed:messages', [messageView(event.message)]);
    else if (event.kind === 'testbed-agent' || event.kind === 'testbed-execution' || event.kind === 'testbed-run') this.pushStatusSoon();
  }

  /** Something the status shows changed (bus state, supervisord): push it soon, watched or not (the alarms read it). */
  refresh(): void {
    this.pushStatusSoon();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private watch(): void {
    this.watchUntil = Date.now() + (this.options.watchLeaseMs ?? 15_000);
    this.timer ??= setInterval(() => {
      // The lease ran out (the view closed or the page went away): stop polling supervisord.
      if (Date.now() > this.watchUntil) {
        if (this.timer) clearInterval(this.timer);
        this.timer = null;
        return;
      }
      void this.pushStatus();
    }, this.options.statusPushMs ?? 2_000);
  }

  private pushStatusSoon(): void {
    setTimeout(() => void this.pushStatus(), 200);
  }

  private async pushStatus(): Promise<void> {
    // One status build at a time: a slow supervisord must not pile up requests; a change meanwhile builds one more.
    if (this.closed) return;
    if (this.pushing) {
      this.pushAgain = true;
      return;
    }
    this.pushing = true;
    try {
      const status = await this.status();
      if (!this.closed) this.options.publish('testbed:status', status);
    } catch {
      // The next tick (or request) tries again; status() reports its own problems in `error`.
    } finally {
      this.pushing = false;
    }
    if (this.pushAgain) {
      this.pushAgain = false;
      await this.pushStatus();
    }
  }

  private async withOrchestrator<T>(action: (orchestrator: TestbedOrchestratorPort) => Promise<T>): Promise<T> {
    const supervisor = this.supervisor();
    if (!supervisor.installed) throw new IpcError('agent_error', `${supervisor.message} ${supervisor.installHint}`);
    try {
      return await action(await this.options.orchestrator());
    } catch (error) {
      if (error instanceof Error && USER_FACING_ERRORS.has(error.name)) throw new IpcError(error.name === 'TestbedConfigError' ? 'bad_request' : 'agent_error', error.message);
      throw error;
    }
  }
}
