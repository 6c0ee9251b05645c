/**
 * supervisord bridge: runs the station's testbed agents under the station's own supervisord.
 *
 * - `SupervisorBridge` ({ dataDir, programs, supervisordPath?, env?, logger? }) is the API the rest of the
 *   station uses. `ensureRunning(programs?)` writes `<dataDir>/testbed/supervisord.conf` atomically and
 *   launches `supervisord -c` on it unless ours already answers on the per-user socket
 *   (`<dataDir>/testbed/supervisor-<user>.sock`, or `/tmp/station-sv-<user>-<hash>.sock` when that path
 *   exceeds 107 bytes), in which case it applies the new config like `supervisorctl update`.
 *   `status()`, `start/stop/restart(name)`, `stopAll()`, `tail(name, bytes)`, `shutdown()` follow;
 *   program names are checked against the configured programs (UnknownSupervisorProgram).
 * - `findSupervisord()` / `requireSupervisord()` tell whether supervisord is installed; a missing one is
 *   `SupervisorNotInstalled`, whose message says so and how to install it (SUPERVISOR_INSTALL_HINT).
 * - `renderSupervisorConfig()` renders the config (one program per agent, log per program, autorestart,
 *   stop signal TERM by default); argv and environment are quoted for supervisord's parsing, and
 *   unrepresentable values are a `SupervisorConfigError`.
 * - `SupervisorWatchdog` notices our supervisord dying without a shutdown (SIGKILL, crash) and replaces it
 *   with backoff (`bridge.replace()`): the programs the dead daemon left running are stopped (found by the
 *   socket URL in their environment, `findProgramProcesses`) and started again under the new one.
 * - `SupervisorClient` is the typed XML-RPC client (unix socket); supervisord faults are `SupervisorFault`
 *   with `code` (see SupervisorFaultCode) and `faultString`.
 */
export { SupervisorBridge, type EnsureRunningResult, type ProgramStatus, type SupervisorBridgeOptions } from './bridge.js';
export {
  SupervisorClient,
  type ConfigChanges,
  type LogTail,
  type ProcessCallResult,
  type ProcessInfo,
  type ProcessStateName,
  type SupervisordState,
} from './client.js';
export {
  MAX_SOCKET_PATH_BYTES,
  currentUser,
  renderSupervisorConfig,
  supervisorPaths,
  supervisorSocketPath,
  writeFileAtomically,
  type StopSignal,
  type SupervisorConfigInput,
  type SupervisorPaths,
  type SupervisorProgram,
} from './config.js';
export { quoteCommand, quoteCommandArg, quoteEnvironment } from './config-quote.js';
export {
  SUPERVISOR_INSTALL_HINT,
  SupervisorConfigError,
  SupervisorFault,
  SupervisorFaultCode,
  SupervisorNotInstalled,
  SupervisorUnavailable,
  UnknownSupervisorProgram,
} from './errors.js';
export { DEFAULT_SUPERVISORD_DIRS, findSupervisord, requireSupervisord, type LocateOptions } from './locate.js';
export { findProgramProcesses, stopOrphanedPrograms, type ProgramProcess } from './orphans.js';
export { describeLoss, SupervisorWatchdog, type SupervisorLoss, type SupervisorWatchdogOptions } from './watchdog.js';
export { decodeMethodResponse, encodeMethodCall, type XmlRpcResponse, type XmlRpcValue } from './xmlrpc.js';
