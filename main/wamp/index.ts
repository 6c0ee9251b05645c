/** The embedded WAMP router (OCS profile): see server.ts for options. */
export { startRouter, DEFAULTS as ROUTER_DEFAULTS, type RouterHandle, type RouterOptions } from './server.js';
export type { Logger, LogLevel } from './router.js';
