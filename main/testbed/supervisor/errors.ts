/** Errors of the supervisord bridge: each names the problem and, where there is one, the fix. */

/** supervisord's own fault codes (supervisor/xmlrpc.py `Faults`), for matching `SupervisorFault.code`. */
export const SupervisorFaultCode = {
  UNKNOWN_METHOD: 1,
  INCORRECT_PARAMETERS: 2,
  BAD_ARGUMENTS: 3,
  SIGNATURE_UNSUPPORTED: 4,
  SHUTDOWN_STATE: 6,
  BAD_NAME: 10,
  BAD_SIGNAL: 11,
  NO_FILE: 20,
  NOT_EXECUTABLE: 21,
  FAILED: 30,
  ABNORMAL_TERMINATION: 40,
  SPAWN_ERROR: 50,
  ALREADY_STARTED: 60,
  NOT_RUNNING: 70,
  SUCCESS: 80,
  ALREADY_ADDED: 90,
  STILL_RUNNING: 91,
  CANT_REREAD: 92,
} as const;

/** An XML-RPC fault returned by supervisord, e.g. code 10 `BAD_NAME: nope`. */
export class SupervisorFault extends Error {
  override readonly name = 'SupervisorFault';
  constructor(
    readonly code: number,
    readonly faultString: string,
    readonly method: string,
  ) {
    super(`supervisord ${method} failed: ${faultString} (fault ${code})`);
  }
}

/** How to install supervisord; shown by the Testbed view and the CLI. */
export const SUPERVISOR_INSTALL_HINT =
  'Install it with `sudo apt-get install supervisor` (Debian/Ubuntu) or `pip install supervisor`, then try again.';

/** supervisord could not be found; the rest of the station keeps working without it. */
export class SupervisorNotInstalled extends Error {
  override readonly name = 'SupervisorNotInstalled';
  constructor(readonly searched: string) {
    super(`supervisord is not installed (looked for ${searched}). ${SUPERVISOR_INSTALL_HINT}`);
  }
}

/** supervisord could not be reached or started (transport errors, bad config, start timeout). */
export class SupervisorUnavailable extends Error {
  override readonly name = 'SupervisorUnavailable';
}

/** A program definition that cannot be written into a supervisord config without changing its meaning. */
export class SupervisorConfigError extends Error {
  override readonly name = 'SupervisorConfigError';
}

/** A program name that is not among the bridge's configured programs (names from the UI are an allowlist). */
export class UnknownSupervisorProgram extends Error {
  override readonly name = 'UnknownSupervisorProgram';
  constructor(
    readonly program: string,
    readonly configured: readonly string[],
  ) {
    super(`no supervisord program "${program}" is configured (configured: ${configured.join(', ') || 'none'})`);
  }
}
