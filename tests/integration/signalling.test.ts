import { RelayCloseCode } from '@meshtable/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTempRelay, type TempRelay } from '../support/tempRelay';

/** A raw /signal client that records what it receives. */
async function signalClient(relayUrl: string) {
  const ws = new WebSocket(`${relayUrl.replace('http', 'ws')}/signal`);
  const received: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    received.push(JSON.parse(data.toString()));
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise((resolve) => ws.on('open', resolve));
  return {
    ws,
    received,
    closed,
    send: (message: unknown) =>
      ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    /** Resolves with the next message that matches. */
    async next(match: (m: Record<string, unknown>) => boolean) {
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

describe('relay /signal (y-webrtc signalling protocol)', () => {
  let temp: TempRelay;
  beforeAll(async () => {
    temp = await startTempRelay();
  });
  afterAll(async () => {
    await temp.dispose();
  });

  it('answers ping with pong', async () => {
    const client = await signalClient(temp.relay.url);
    client.send({ type: 'ping' });
    expect(await client.next((m) => m.type === 'pong')).toEqual({ type: 'pong' });
    client.ws.close();
  });

  it('delivers a publish to every subscriber of the topic, and to no one else', async () => {
    const alice = await signalClient(temp.relay.url);
    const bob = await signalClient(temp.relay.url);
    const eve = await signalClient(temp.relay.url);
    alice.send({ type: 'subscribe', topics: ['room-1'] });
    bob.send({ type: 'subscribe', topics: ['room-1'] });
    eve.send({ type: 'subscribe', topics: ['room-2'] });
    // A ping round trip orders the subscriptions before the publish.
    for (const c of [alice, bob, eve]) {
      c.send({ type: 'ping' });
      await c.next((m) => m.type === 'pong');
    }
    alice.send({ type: 'publish', topic: 'room-1', data: 'offer' });
    expect(await bob.next((m) => m.type === 'publish')).toEqual({
      type: 'publish',
      topic: 'room-1',
      data: 'offer',
      clients: 2,
    });
    await alice.next((m) => m.type === 'publish');
    eve.send({ type: 'ping' });
    await eve.next((m) => m.type === 'pong');
    expect(eve.received.some((m) => m.type === 'publish')).toBe(false);

    bob.send({ type: 'unsubscribe', topics: ['room-1'] });
    bob.send({ type: 'ping' });
    bob.received.length = 0;
    await bob.next((m) => m.type === 'pong');
    alice.send({ type: 'publish', topic: 'room-1', data: 'again' });
    await alice.next((m) => m.data === 'again');
    bob.send({ type: 'ping' });
    await bob.next((m) => m.type === 'pong');
    expect(bob.received.some((m) => m.data === 'again')).toBe(false);
    for (const c of [alice, bob, eve]) c.ws.close();
  });

  it('closes only the connection that sends a malformed message', async () => {
    const good = await signalClient(temp.relay.url);
    for (const bad of [
      'not json',
      '42',
      JSON.stringify({ type: 'subscribe', topics: [7] }),
      JSON.stringify({ type: 'shout' }),
    ]) {
      const client = await signalClient(temp.relay.url);
      client.send(bad);
      expect(await client.closed).toBe(RelayCloseCode.malformedFrame);
    }
    good.send({ type: 'ping' });
    await good.next((m) => m.type === 'pong');
    good.ws.close();
  });

  it('closes a connection that sends a message over the size cap', async () => {
    const client = await signalClient(temp.relay.url);
    client.send({ type: 'publish', topic: 'x', data: 'x'.repeat(100 * 1024) });
    expect(await client.closed).toBe(1009);
  });
});
