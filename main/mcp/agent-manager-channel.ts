/**
 * The MCP server's line to the user's agent manager: each command goes to `/queue/agent_control.<user>`
 * with this process's reply queue as `reply_to` and a fresh `request_id`, which the manager echoes; the
 * reply carrying that id settles the command. The bus is connected (and the reply queue subscribed) on
 * first use, so the read tools work while no router or broker is up.
 */
import { randomBytes } from 'node:crypto';
import type { Subscription, TestbedBus, TestbedBusConfig } from '../testbed/bus/index.js';
import { createTestbedBus } from '../testbed/bus/index.js';
import { agentControlQueue, naiveLocalTimestamp, type TestbedMessage } from '../testbed/messages.js';
import type { AgentManagerChannel, AgentManagerReplyBody } from './ports.js';

/** Reply timeouts: start_testbed starts supervisord and every agent, the others answer at once. */
export const REPLY_TIMEOUT_MS = { start_testbed: 45_000, stop_testbed: 30_000, status: 10_000, ping: 5_000 } as const;

export interface BusAgentManagerChannelOptions {
  user: string;
  bus: TestbedBusConfig;
  /** How long the first connection may take before the tool reports the bus unreachable (default 5 s). */
  connectTimeoutMs?: number;
  /** Overrides REPLY_TIMEOUT_MS for every command (tests). */
  replyTimeoutMs?: number;
}

interface Pending {
  resolve(reply: AgentManagerReplyBody): void;
}

/** An AgentManagerChannel over the testbed bus. close() disconnects. */
export class BusAgentManagerChannel implements AgentManagerChannel {
  /** One reply queue per channel (not per command), so a broker does not collect a queue per call. */
  readonly replyQueue: string;
  private readonly pending = new Map<string, Pending>();
  private link: Promise<{ bus: TestbedBus; subscription: Subscription }> | null = null;

  constructor(private readonly options: BusAgentManagerChannelOptions) {
    this.replyQueue = `/queue/mcp_reply.${options.user}.${randomBytes(6).toString('hex')}`;
  }

  /** Sends `command` (plus `fields`) and resolves with the manager's reply. */
  async command(command: keyof typeof REPLY_TIMEOUT_MS, fields: Record<string, unknown> = {}): Promise<AgentManagerReplyBody> {
    const { bus } = await this.connected();
    const requestId = randomBytes(8).toString('hex');
    const timeoutMs = this.options.replyTimeoutMs ?? REPLY_TIMEOUT_MS[command];
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<AgentManagerReplyBody>((resolve, reject) => {
        this.pending.set(requestId, { resolve });
        timer = setTimeout(
          () => reject(new Error(`no reply from the agent manager of ${this.options.user} to "${command}" within ${timeoutMs / 1000} s (is \`station testbed agent-manager\` running on this bus?)`)),
          timeoutMs,
        );
        bus.send(agentControlQueue(this.options.user), this.body(command, fields, requestId)).catch(reject);
      });
    } finally {
      clearTimeout(timer);
      this.pending.delete(requestId);
    }
  }

  /** Disconnects the bus if it was ever connected. */
  async close(): Promise<void> {
    const link = await this.link?.catch(() => null);
    this.link = null;
    if (!link) return;
    link.subscription();
    await link.bus.close();
  }

  private body(command: string, fields: Record<string, unknown>, requestId: string): TestbedMessage {
    return { ...fields, command, reply_to: this.replyQueue, request_id: requestId, source: 'mcp', sender: `mcp-${this.options.user}`, timestamp: naiveLocalTimestamp() } as TestbedMessage;
  }

  private onReply(message: TestbedMessage): void {
    const requestId = typeof message.request_id === 'string' ? message.request_id : '';
    // A reply whose command already timed out (or another channel's id) is dropped.
    this.pending.get(requestId)?.resolve(message as AgentManagerReplyBody);
  }

  private connected(): Promise<{ bus: TestbedBus; subscription: Subscription }> {
    this.link ??= this.connect().catch((error: Error) => {
      this.link = null;
      throw error;
    });
    return this.link;
  }

  private async connect(): Promise<{ bus: TestbedBus; subscription: Subscription }> {
    const config = this.options.bus;
    const where = config.kind === 'wamp' ? `${config.url} (realm ${config.realm})` : `ActiveMQ at ${config.host}:${config.port}`;
    const bus = createTestbedBus(config.kind === 'stomp' ? { ...config, clientId: `mcp-${this.options.user}-${process.pid}-${randomBytes(3).toString('hex')}` } : config, {
      connectTimeoutMs: this.options.connectTimeoutMs ?? 5_000,
    });
    try {
      await bus.connect();
    } catch (error) {
      throw new Error(`testbed bus unreachable: ${where}: ${(error as Error).message}`);
    }
    const subscription = bus.subscribe(this.replyQueue, (message) => this.onReply(message));
    // The reply queue must be subscribed before the first command goes out, or a fast reply is lost.
    await subscription.ready;
    return { bus, subscription };
  }
}
