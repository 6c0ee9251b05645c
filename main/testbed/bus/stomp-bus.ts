import { Client, ReconnectionTimeMode, Versions, type IFrame, type IMessage, type StompSubscription } from '@stomp/stompjs';
import { TCPWrapper } from '@stomp/tcp-wrapper';
import { BusCore, type SubscriptionRecord } from './bus-core.js';
import type { BusOptions, MessageMeta, StompBusConfig } from './types.js';

/**
 * The testbed bus over STOMP 1.2/1.1 to ActiveMQ (@stomp/stompjs over a plain TCP socket).
 *
 * Wire shapes follow upstream's stomp.py agents (spec §4.1): CONNECT with login/passcode, `client-id`
 * and heart-beats; SUBSCRIBE with `ack:auto`; SEND of the JSON text with no content-length header, so
 * ActiveMQ stores a TextMessage and non-persistent delivery, exactly like upstream's `conn.send(body=…)`.
 * Queue and topic semantics are ActiveMQ's: a `/queue/…` message goes to one consumer, a `/topic/…`
 * message to every subscriber connected at that moment (none are retained).
 */
export class StompBus extends BusCore {
  private readonly client: Client;
  private receipts = 0;

  constructor(private readonly config: StompBusConfig, options: BusOptions = {}) {
    super(options, `stomp://${config.host}:${config.port}`);
    if (!config.host) throw new Error('stomp bus: host is required');
    if (!Number.isInteger(config.port) || config.port <= 0 || config.port > 65535) throw new Error(`stomp bus: invalid port ${config.port}`);
    const heartbeatMs = config.heartbeatMs ?? 10_000;
    const connectHeaders: Record<string, string> = { host: config.vhost ?? config.host };
    if (config.user !== undefined) connectHeaders.login = config.user;
    if (config.password !== undefined) connectHeaders.passcode = config.password;
    if (config.clientId) connectHeaders['client-id'] = config.clientId;
    this.client = new Client({
      webSocketFactory: () => new TCPWrapper(config.host, config.port),
      connectHeaders,
      stompVersions: new Versions([Versions.V1_2, Versions.V1_1]),
      heartbeatIncoming: heartbeatMs,
      heartbeatOutgoing: heartbeatMs,
      // A silent broker (heart-beats lost) gets its socket dropped, which starts a reconnect.
      discardWebsocketOnCommFailure: true,
      reconnectDelay: config.reconnectDelayMs ?? 500,
      maxReconnectDelay: config.maxReconnectDelayMs ?? 10_000,
      reconnectTimeMode: ReconnectionTimeMode.EXPONENTIAL,
      // Connections that never reach CONNECTED (e.g. a broker still starting) are retried.
      connectionTimeout: 5_000,
      debug: (line) => this.logger.debug(`stomp: ${line}`),
      onConnect: () => this.linkUp(),
      onStompError: (frame) => this.onBrokerError(frame),
      onWebSocketClose: () => this.linkDown('connection closed'),
      onWebSocketError: () => this.linkDown('socket error'),
    });
  }

  protected openLink(): void {
    this.client.activate();
  }

  protected async closeLink(): Promise<void> {
    await this.client.deactivate();
  }

  protected write(destination: string, body: string): Promise<void> {
    // Throws TypeError when stompjs has no live connection; BusCore queues the send then.
    this.client.publish({ destination, body, skipContentLengthHeader: true });
    return Promise.resolve();
  }

  protected addSubscription(record: SubscriptionRecord): StompSubscription {
    // A RECEIPT for the SUBSCRIBE tells when the broker has registered the consumer.
    const receipt = `sub-${++this.receipts}`;
    this.client.watchForReceipt(receipt, () => record.confirm());
    return this.client.subscribe(record.destination, (message) => this.deliver(record, message.body, metaOf(record.destination, message)), { ack: 'auto', receipt });
  }

  protected removeSubscription(record: SubscriptionRecord): void {
    try {
      (record.handle as StompSubscription).unsubscribe();
    } catch {
      // The link dropped meanwhile: the broker forgot the subscription with the connection.
    }
  }

  private onBrokerError(frame: IFrame): void {
    const text = `${frame.headers.message ?? 'ERROR frame'}${frame.body ? `: ${frame.body.trim()}` : ''}`;
    this.logger.error(`testbed bus: stomp://${this.config.host}:${this.config.port} reported an error: ${text}`);
    // Before the first CONNECTED an ERROR means the broker refused us (credentials, duplicate client-id): fail connect().
    if (this.state !== 'connected') this.failConnect(new Error(`testbed bus: broker stomp://${this.config.host}:${this.config.port} refused the connection: ${text}`));
  }
}

function metaOf(subscribed: string, message: IMessage): MessageMeta {
  const headers = message.headers as Record<string, string>;
  return {
    destination: headers.destination ?? subscribed,
    messageId: headers['message-id'] ?? '',
    redelivered: headers.redelivered === 'true',
    headers,
  };
}
