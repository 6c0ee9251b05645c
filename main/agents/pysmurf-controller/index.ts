/**
 * PysmurfController (agent class `PysmurfController`): runs smurf scripts for one crate slot as OCS
 * ops, one locked op at a time, with the upstream op names, params and refusal texts (smurf.md §1).
 */
import { OcsAgent } from '../../ocs/agent.js';
import type { OcsLogger } from '../../ocs/logger.js';
import { endOrphanScripts } from '../../smurf/orphan-scripts.js';
import { ControllerCore } from './controller-core.js';
import type { ScriptRunRecorder } from '../../smurf/script-run-recorder.js';
import { registerScriptOps } from './script-ops.js';
import { SessionDataLink } from './session-data-link.js';
import type { SmurfSiteConfig } from './site-config.js';
import { registerStateOps } from './state-ops.js';

export type { ScriptRunRecorder } from '../../smurf/script-run-recorder.js';
export { DEFAULT_SMURF_SITE_FILE, defineSmurfSite, loadSmurfSite, type SmurfSiteConfig, type SmurfSlotConfig } from './site-config.js';
export { CONTROLLER_OPS } from './op-specs.js';

export const PYSMURF_CONTROLLER_CLASS = 'PysmurfController';

export interface PysmurfControllerOptions {
  instanceId: string;
  addressRoot?: string;
  logger?: OcsLogger;
  crate?: number | null;
  slot: number;
  /** SMURFPUB_ID of its scripts and check_state's stream_id. Default: the instance id. */
  streamId?: string;
  /** Instance id of the PysmurfMonitor whose `pysmurf_session_data` feed is merged into running ops. */
  monitorId?: string | null;
  site: SmurfSiteConfig;
  /** Where its scripts send publisher datagrams (SMURFPUB_UDP_HOST/PORT). */
  udp: { host: string; port: number };
  recorder?: ScriptRunRecorder;
  /** check_state's startup poll_interval in seconds (upstream --poll-interval). Default 10. */
  pollInterval?: number;
}

/** Creates the controller agent (not yet connected). */
export function createPysmurfController(options: PysmurfControllerOptions): OcsAgent {
  const agent = new OcsAgent({ agentClass: PYSMURF_CONTROLLER_CLASS, instanceId: options.instanceId, addressRoot: options.addressRoot, logger: options.logger });
  const streamId = options.streamId ?? options.instanceId;
  const link = options.monitorId ? new SessionDataLink(agent, streamId) : null;
  if (link && options.monitorId) link.attach(options.monitorId);
  const core = new ControllerCore(agent, { slot: options.slot, crate: options.crate ?? null, streamId }, options.site, options.udp, link, options.recorder ?? null);
  registerScriptOps(core);
  registerStateOps(core, options.pollInterval);
  endLeftoverScripts(agent, options.site);
  return agent;
}

/** Ends scripts that a killed predecessor with the same address left running (see orphan-scripts.ts). */
function endLeftoverScripts(agent: OcsAgent, site: SmurfSiteConfig): void {
  endOrphanScripts(agent.agentAddress, { sigintGraceMs: site.grace.sigintMs, sigtermGraceMs: site.grace.sigtermMs }).then(
    (pids) => pids.length > 0 && agent.logger.warn(`ended ${pids.length} script process(es) left running by a previous ${agent.agentAddress}: pids ${pids.join(', ')}`),
    (error: Error) => agent.logger.warn(`could not check for scripts left by a previous ${agent.agentAddress}: ${error.message}`),
  );
}
