import { CRED_LEVEL_NAMES, type AccessControlInfo } from '../../shared/ocs-codes.js';

/** Access-control protocol version advertised in get_api (upstream AC_VERSION). */
export const AC_VERSION = 1;

/** `2-ADVANCED` style label of a credential level. */
export function credLevelLabel(level: number): string {
  return `${level}-${CRED_LEVEL_NAMES[level] ?? 'UNKNOWN'}`;
}

/**
 * Returns the upstream denial text if `credLevel` is below `minPrivs`, else null
 * (ocs/access.py: "The action requires credential level 2-ADVANCED but the client has only level 1-BASIC").
 */
export function accessDenial(credLevel: number, minPrivs: number): string | null {
  if (credLevel >= minPrivs) return null;
  return `The action requires credential level ${credLevelLabel(minPrivs)} but the client has only level ${credLevelLabel(credLevel)}`;
}

/**
 * The `access_control` block of get_api for policy "none". Advertising it tells clients (OCSClient,
 * ocs-web) that this agent accepts the `password` kwarg; under "none" every caller gets level 1.
 */
export function accessControlInfo(updateTimestamp: number): AccessControlInfo {
  return { version: AC_VERSION, policy: 'none', update_timestamp: updateTimestamp, update_count: 0, step: 0 };
}
