/** The per-user agent manager (spec §5.6): control-queue commands with a reply for every one, and heartbeats. */
export { AgentManager, agentManagerReplyQueue, type AgentManagerOptions } from './agent-manager.js';
