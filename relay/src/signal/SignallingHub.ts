/**
 * The y-webrtc signalling protocol on `/signal`: clients subscribe to topics (room names) and
 * publish messages that the hub relays to every subscriber of the topic, the sender included
 * (y-webrtc ignores its own). The hub never reads what is published: y-webrtc encrypts it with
 * the room password. Messages are JSON objects:
 * `{type:'subscribe'|'unsubscribe', topics:string[]}`, `{type:'publish', topic, …}`, `{type:'ping'}`.
 *
 * Signalling needs little: a few kilobytes per peer when a peer joins a table. The caps below
 * (message size, messages and publish bytes per second, topics per connection, subscribers per
 * topic) keep /signal from being used as an open relay for anything large; a connection past one
 * is closed with its close code, and nothing of the refused message is forwarded.
 */
import { RelayCloseCode } from '@meshtable/schema/relay';
import type { RawData, WebSocket } from 'ws';
import { RELAY_ERRORS, socketErrorCode } from '../errorCodes';
import { TokenBucket } from '../limits/TokenBucket';
import type { Logger } from '../logger';
import type { RelayMetrics } from '../metrics';

/** Caps that keep /signal from being used as a general-purpose message relay. */
export interface SignallingLimits {
  /** Topics one connection may subscribe to. */
  maxTopicsPerConnection: number;
  /** Longest topic name. */
  maxTopicLength: number;
  /** Subscribers one topic may have (the peers of one table). */
  maxSubscribersPerTopic: number;
  /** Unread bytes a connection may let pile up before it is disconnected. */
  maxBufferedBytes: number;
  /** Messages per second a connection may send, sustained, and at once. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Bytes of publishes per second a connection may send, sustained, and at once. */
  publishBytesPerSecond: number;
  publishByteBurst: number;
}

/**
 * Where the hub tells the other relays of a cluster about its topics and publishes
 * (relay/src/cluster/RedisCluster.ts); they answer through {@link SignallingHub.deliverRemote}.
 */
export interface SignalBus {
  topicOpened(topic: string): void;
  topicClosed(topic: string): void;
  signalPublished(topic: string, text: string): void;
}

/** What the hub keeps per connection. */
interface SignalClient {
  readonly topics: Set<string>;
  readonly messages: TokenBucket;
  readonly publishBytes: TokenBucket;
}

/** Topic subscriptions and publish fan-out for all /signal connections. */
export class SignallingHub {
  private readonly topics = new Map<string, Set<WebSocket>>();
  private readonly clients = new Map<WebSocket, SignalClient>();

  constructor(
    private readonly limits: SignallingLimits,
    private readonly log: Logger,
    private readonly metrics: RelayMetrics,
    private readonly bus: SignalBus | null = null,
  ) {}

  /** Open /signal connections. */
  get connectionCount(): number {
    return this.clients.size;
  }

  /** Topics with at least one subscriber. */
  get topicCount(): number {
    return this.topics.size;
  }

  /** Serves a newly upgraded /signal connection. */
  accept(ws: WebSocket): void {
    const { limits } = this;
    const client: SignalClient = {
      topics: new Set(),
      messages: new TokenBucket(limits.messagesPerSecond, limits.messageBurst),
      publishBytes: new TokenBucket(limits.publishBytesPerSecond, limits.publishByteBurst),
    };
    this.clients.set(ws, client);
    ws.on('message', (data, isBinary) => {
      if (ws.readyState !== ws.OPEN) return;
      // Nothing a client sends may throw out of this handler: that would end the process.
      try {
        this.receive(ws, client, data, isBinary);
      } catch (error) {
        this.refuse(ws, `failed to handle a message: ${String(error)}`);
      }
    });
    ws.on('close', () => this.drop(ws));
    ws.on('error', (error) => {
      const code = socketErrorCode(error);
      this.metrics.countError(code);
      this.log.warn('signal.socket_error', { code, error: String(error) });
    });
  }

  private receive(ws: WebSocket, client: SignalClient, data: RawData, isBinary: boolean): void {
    this.metrics.signalMessages++;
    this.metrics.signalBytesIn += rawLength(data);
    if (!client.messages.take()) {
      this.closeFor(ws, 'RATE_LIMITED', 'too many messages per second');
      return;
    }
    let message: unknown;
    try {
      if (isBinary) throw new Error('binary frame on a JSON protocol');
      message = JSON.parse(data.toString());
    } catch (error) {
      this.refuse(ws, String(error));
      return;
    }
    if (typeof message !== 'object' || message === null) {
      this.refuse(ws, 'not an object');
      return;
    }
    const { type } = message as { type?: unknown };
    switch (type) {
      case 'subscribe':
      case 'unsubscribe': {
        const topics = readTopics(message, this.limits.maxTopicLength);
        if (!topics) {
          this.refuse(ws, `bad topics in ${type}`);
          return;
        }
        if (type === 'subscribe') this.subscribe(ws, client, topics);
        else this.unsubscribe(ws, client, topics);
        return;
      }
      case 'publish': {
        const { topic } = message as { topic?: unknown };
        if (typeof topic !== 'string') {
          this.refuse(ws, 'publish without a topic');
          return;
        }
        if (!client.publishBytes.take(rawLength(data))) {
          this.closeFor(ws, 'RATE_LIMITED', 'too many bytes published per second');
          return;
        }
        this.publish(topic, data.toString());
        return;
      }
      case 'ping':
        this.send(ws, '{"type":"pong"}');
        return;
      default:
        this.refuse(ws, `unknown message type ${String(type)}`);
    }
  }

  private subscribe(ws: WebSocket, client: SignalClient, topics: string[]): void {
    const mine = client.topics;
    for (const topic of topics) {
      if (mine.has(topic)) continue;
      if (mine.size >= this.limits.maxTopicsPerConnection) {
        this.refuse(ws, 'too many topics');
        return;
      }
      let subscribers = this.topics.get(topic);
      if (subscribers && subscribers.size >= this.limits.maxSubscribersPerTopic) {
        this.closeFor(ws, 'OVER_CAPACITY', 'too many peers in this room');
        return;
      }
      mine.add(topic);
      if (!subscribers) {
        subscribers = new Set();
        this.topics.set(topic, subscribers);
        this.bus?.topicOpened(topic);
      }
      subscribers.add(ws);
    }
  }

  private unsubscribe(ws: WebSocket, client: SignalClient, topics: Iterable<string>): void {
    const mine = client.topics;
    for (const topic of [...topics]) {
      mine.delete(topic);
      const subscribers = this.topics.get(topic);
      subscribers?.delete(ws);
      if (subscribers?.size === 0) {
        this.topics.delete(topic);
        this.bus?.topicClosed(topic);
      }
    }
  }

  /**
   * Delivers a publish that a client of another relay sent (the other relay checked its limits;
   * this one delivers it as it came, like its own clients' publishes).
   */
  deliverRemote(topic: string, text: string): void {
    this.fanOut(topic, text);
  }

  private publish(topic: string, text: string): void {
    this.bus?.signalPublished(topic, text);
    this.fanOut(topic, text);
  }

  private fanOut(topic: string, text: string): void {
    const subscribers = this.topics.get(topic);
    if (!subscribers) return;
    // y-webrtc's reference server tells receivers how many clients got the message. The text is
    // forwarded as it came with that one field spliced in before the final brace, rather than
    // re-serialised: re-serialising a deeply nested message could overflow the stack.
    const forwarded = `${text.slice(0, text.lastIndexOf('}'))},"clients":${subscribers.size}}`;
    for (const subscriber of subscribers) this.send(subscriber, forwarded);
  }

  private send(ws: WebSocket, text: string): void {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > this.limits.maxBufferedBytes) {
      // A subscriber that does not read would make the relay buffer without bound.
      this.metrics.slowConsumers++;
      this.closeFor(ws, 'SLOW_CONSUMER', 'not reading fast enough', {
        buffered: ws.bufferedAmount,
      });
      return;
    }
    this.metrics.signalMessagesOut++;
    this.metrics.signalBytesOut += Buffer.byteLength(text);
    ws.send(text);
  }

  private drop(ws: WebSocket): void {
    const client = this.clients.get(ws);
    if (client) this.unsubscribe(ws, client, client.topics);
    this.clients.delete(ws);
  }

  private refuse(ws: WebSocket, why: string): void {
    this.metrics.countError('MALFORMED_FRAME');
    this.log.warn('signal.malformed_message', { code: 'MALFORMED_FRAME', error: why });
    ws.close(RelayCloseCode.malformedFrame, 'malformed message');
  }

  /** Closes a connection that broke a limit, with the limit's close code. */
  private closeFor(
    ws: WebSocket,
    code: 'RATE_LIMITED' | 'OVER_CAPACITY' | 'SLOW_CONSUMER',
    reason: string,
    fields: Record<string, unknown> = {},
  ): void {
    this.metrics.countError(code);
    this.log.warn(`signal.${code.toLowerCase()}`, { code, ...fields });
    ws.close(RELAY_ERRORS[code], reason);
  }
}

function rawLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.byteLength, 0);
  return data.byteLength;
}

function readTopics(message: object, maxLength: number): string[] | null {
  const { topics } = message as { topics?: unknown };
  if (!Array.isArray(topics)) return null;
  for (const topic of topics) {
    if (typeof topic !== 'string' || topic.length === 0 || topic.length > maxLength) return null;
  }
  return topics as string[];
}
