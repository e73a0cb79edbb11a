/**
 * The y-webrtc signalling protocol on `/signal`: clients subscribe to topics (room names) and
 * publish messages that the hub relays to every subscriber of the topic, the sender included
 * (y-webrtc ignores its own). The hub never reads what is published: y-webrtc encrypts it with
 * the room password. Messages are JSON objects:
 * `{type:'subscribe'|'unsubscribe', topics:string[]}`, `{type:'publish', topic, …}`, `{type:'ping'}`.
 */
import { RelayCloseCode } from '@meshtable/schema';
import type { RawData, WebSocket } from 'ws';
import type { Logger } from '../logger';
import type { RelayMetrics } from '../metrics';

/** Caps that keep /signal from being used as a general-purpose message relay. */
export interface SignallingLimits {
  /** Topics one connection may subscribe to. */
  maxTopicsPerConnection: number;
  /** Longest topic name. */
  maxTopicLength: number;
  /** Unread bytes a connection may let pile up before it is disconnected. */
  maxBufferedBytes: number;
}

/** Topic subscriptions and publish fan-out for all /signal connections. */
export class SignallingHub {
  private readonly topics = new Map<string, Set<WebSocket>>();
  private readonly subscriptions = new Map<WebSocket, Set<string>>();

  constructor(
    private readonly limits: SignallingLimits,
    private readonly log: Logger,
    private readonly metrics: RelayMetrics,
  ) {}

  /** Open /signal connections. */
  get connectionCount(): number {
    return this.subscriptions.size;
  }

  /** Topics with at least one subscriber. */
  get topicCount(): number {
    return this.topics.size;
  }

  /** Serves a newly upgraded /signal connection. */
  accept(ws: WebSocket): void {
    this.subscriptions.set(ws, new Set());
    ws.on('message', (data, isBinary) => {
      // Nothing a client sends may throw out of this handler: that would end the process.
      try {
        this.receive(ws, data, isBinary);
      } catch (error) {
        this.refuse(ws, `failed to handle a message: ${String(error)}`);
      }
    });
    ws.on('close', () => this.drop(ws));
    ws.on('error', (error) => this.log.warn('signal.socket_error', { error: String(error) }));
  }

  private receive(ws: WebSocket, data: RawData, isBinary: boolean): void {
    this.metrics.signalMessages++;
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
        if (type === 'subscribe') this.subscribe(ws, topics);
        else this.unsubscribe(ws, topics);
        return;
      }
      case 'publish': {
        const { topic } = message as { topic?: unknown };
        if (typeof topic !== 'string') {
          this.refuse(ws, 'publish without a topic');
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

  private subscribe(ws: WebSocket, topics: string[]): void {
    const mine = this.subscriptions.get(ws);
    if (!mine) return;
    for (const topic of topics) {
      if (!mine.has(topic) && mine.size >= this.limits.maxTopicsPerConnection) {
        this.refuse(ws, 'too many topics');
        return;
      }
      mine.add(topic);
      let subscribers = this.topics.get(topic);
      if (!subscribers) {
        subscribers = new Set();
        this.topics.set(topic, subscribers);
      }
      subscribers.add(ws);
    }
  }

  private unsubscribe(ws: WebSocket, topics: Iterable<string>): void {
    const mine = this.subscriptions.get(ws);
    for (const topic of [...topics]) {
      mine?.delete(topic);
      const subscribers = this.topics.get(topic);
      subscribers?.delete(ws);
      if (subscribers?.size === 0) this.topics.delete(topic);
    }
  }

  private publish(topic: string, text: string): void {
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
      this.log.warn('signal.slow_consumer', { buffered: ws.bufferedAmount });
      ws.close(RelayCloseCode.slowConsumer, 'not reading fast enough');
      return;
    }
    ws.send(text);
  }

  private drop(ws: WebSocket): void {
    const mine = this.subscriptions.get(ws);
    if (mine) this.unsubscribe(ws, mine);
    this.subscriptions.delete(ws);
  }

  private refuse(ws: WebSocket, why: string): void {
    this.log.warn('signal.malformed_message', { error: why });
    ws.close(RelayCloseCode.malformedFrame, 'malformed message');
  }
}

function readTopics(message: object, maxLength: number): string[] | null {
  const { topics } = message as { topics?: unknown };
  if (!Array.isArray(topics)) return null;
  for (const topic of topics) {
    if (typeof topic !== 'string' || topic.length === 0 || topic.length > maxLength) return null;
  }
  return topics as string[];
}
