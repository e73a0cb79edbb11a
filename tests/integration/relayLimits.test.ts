/**
 * The relay's limits, each over a real socket: a connection past one is closed with its code
 * (docs/errors.md), the violation is counted on /metrics, and nothing else is affected: not the
 * process, not the other connections, not what was stored.
 */
import { RelayCloseCode } from '@meshtable/schema';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { awarenessFrame, openRawSocket, type RawSocket } from '../support/rawSocket';
import { startTempRelay, type TempRelay } from '../support/tempRelay';
import { waitFor } from '../support/waitFor';
import { connectYClient, type YClient } from '../support/yClient';

const TOKEN = 'f'.repeat(64);

/** A queryAwareness frame: valid, cheap, and answered, so a round trip proves a socket is served. */
function queryAwareness(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 3);
  return encoding.toUint8Array(encoder);
}

/** The value of one sample (`name{labels}` as written) in a /metrics text, 0 when absent. */
function sample(text: string, name: string): number {
  const line = text.split('\n').find((row) => row.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : 0;
}

describe('relay limits', () => {
  let temp: TempRelay | undefined;
  const clients: YClient[] = [];
  const sockets: RawSocket[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const socket of sockets.splice(0)) socket.ws.terminate();
    await temp?.dispose();
    temp = undefined;
  });

  const ws = (path: string) => `${temp?.relay.url.replace('http', 'ws')}${path}`;
  const raw = async (path: string) => {
    const socket = await openRawSocket(ws(path));
    sockets.push(socket);
    return socket;
  };
  const connect = (room: string, token = TOKEN) => {
    const client = connectYClient(temp?.relay.url ?? '', room, token);
    clients.push(client);
    return client;
  };
  const metrics = async () => (await fetch(`${temp?.relay.url}/metrics`)).text();
  const healthy = async () => (await fetch(`${temp?.relay.url}/healthz`)).status === 200;

  it('closes a /sync connection over its messages per second with 4529; its client reconnects and loses nothing', async () => {
    temp = await startTempRelay({ syncMessagesPerSecond: 5, syncMessageBurst: 20 });
    const witness = connect('busy');
    await waitFor('witness synced', () => witness.provider.synced);
    const flood = await raw(`/sync/busy?token=${TOKEN}`);
    for (let i = 0; i < 100; i++) flood.ws.send(queryAwareness());
    expect(await flood.closed).toBe(RelayCloseCode.rateLimited);

    // An unmodified y-websocket client that writes in a burst is closed too, retries, and its
    // resync (one message) brings everything across.
    const hasty = connect('busy');
    await waitFor('hasty synced', () => hasty.provider.synced);
    for (let i = 0; i < 60; i++) hasty.doc.getMap('m').set(`k${i}`, i);
    await waitFor('hasty was closed for its rate', () =>
      hasty.closes.some((close) => close.code === RelayCloseCode.rateLimited),
    );
    await waitFor('the witness has all 60 entries', () => witness.doc.getMap('m').size === 60);

    const text = await metrics();
    expect(sample(text, 'meshtable_errors_total{code="RATE_LIMITED"}')).toBeGreaterThanOrEqual(2);
    expect(
      sample(text, 'meshtable_connections_closed_total{endpoint="sync",code="4529"}'),
    ).toBeGreaterThanOrEqual(2);
    expect(await healthy()).toBe(true);
  });

  it('closes a /sync connection that speaks for more than 8 presence states with 4507', async () => {
    temp = await startTempRelay();
    const witness = connect('crowded');
    await waitFor('witness synced', () => witness.provider.synced);
    const presence = (ids: number[]) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, ids.length);
      for (const id of ids) {
        encoding.writeVarUint(encoder, id);
        encoding.writeVarUint(encoder, 1);
        encoding.writeVarString(encoder, JSON.stringify({ name: `ghost ${id}` }));
      }
      return awarenessFrame(encoding.toUint8Array(encoder));
    };
    // A tab and a reconnect or two is a handful of states: served.
    const honest = await raw(`/sync/crowded?token=${TOKEN}`);
    honest.ws.send(presence([101, 102]));
    await waitFor('the witness sees both', () => witness.provider.awareness.getStates().size >= 3);
    // Inventing client ids, one frame or several, is not.
    const ghosts = await raw(`/sync/crowded?token=${TOKEN}`);
    ghosts.ws.send(presence([1, 2, 3, 4, 5]));
    ghosts.ws.send(presence([6, 7, 8, 9]));
    expect(await ghosts.closed).toBe(RelayCloseCode.overCapacity);
    // The states it held go with it; the honest ones stay.
    await waitFor('the ghosts are gone', () =>
      [1, 2, 3, 4, 5].every((id) => !witness.provider.awareness.getStates().has(id)),
    );
    expect(witness.provider.awareness.getStates().has(101)).toBe(true);
    expect(honest.ws.readyState).toBe(honest.ws.OPEN);
    expect(await healthy()).toBe(true);
  });

  it('serves a /sync connection that stays within its burst', async () => {
    temp = await startTempRelay({ syncMessagesPerSecond: 5, syncMessageBurst: 20 });
    const calm = await raw(`/sync/calm?token=${TOKEN}`);
    for (let i = 0; i < 15; i++) calm.ws.send(queryAwareness());
    await waitFor('15 answers', () => calm.received.length >= 15 + 1);
    expect(calm.ws.readyState).toBe(calm.ws.OPEN);
  });

  it('closes a /signal connection over its messages per second with 4529, not the others', async () => {
    temp = await startTempRelay({ signalMessagesPerSecond: 5, signalMessageBurst: 10 });
    const chatty = await raw('/signal');
    const quiet = await raw('/signal');
    for (let i = 0; i < 30; i++) chatty.ws.send('{"type":"ping"}');
    expect(await chatty.closed).toBe(RelayCloseCode.rateLimited);
    quiet.ws.send('{"type":"ping"}');
    await waitFor('the quiet one is served', () => quiet.received.length === 1);
    expect(
      sample(await metrics(), 'meshtable_connections_closed_total{endpoint="signal",code="4529"}'),
    ).toBe(1);
  });

  it('caps the bytes a /signal connection publishes, forwarding nothing of the publish over it', async () => {
    temp = await startTempRelay({
      maxSignalMessageBytes: 4096,
      signalBytesPerSecond: 1024,
      signalByteBurst: 8192,
    });
    const listener = await raw('/signal');
    const sender = await raw('/signal');
    for (const socket of [listener, sender]) {
      socket.ws.send('{"type":"subscribe","topics":["t"]}');
      socket.ws.send('{"type":"ping"}');
    }
    await waitFor('both subscribed', () => listener.received.length + sender.received.length >= 2);
    const publish = (n: number) =>
      JSON.stringify({ type: 'publish', topic: 't', n, data: 'x'.repeat(3000) });
    for (let n = 1; n <= 3; n++) sender.ws.send(publish(n));
    expect(await sender.closed).toBe(RelayCloseCode.rateLimited);
    // A second pong comes after anything the relay forwarded before it.
    listener.ws.send('{"type":"ping"}');
    await waitFor(
      'the listener got its second pong',
      () => listener.received.filter((m) => m.toString() === '{"type":"pong"}').length === 2,
    );
    const numbers = listener.received
      .map((m) => JSON.parse(m.toString()) as { type: string; n?: number })
      .filter((m) => m.type === 'publish')
      .map((m) => m.n);
    expect(numbers).toEqual([1, 2]);
  });

  it('closes a connection over the total with 4507, and takes one again once a slot is free', async () => {
    temp = await startTempRelay({ maxConnections: 2 });
    const first = await raw('/signal');
    await raw(`/sync/full?token=${TOKEN}`);
    const third = await raw('/signal');
    expect(await third.closed).toBe(RelayCloseCode.overCapacity);
    first.ws.close();
    await first.closed;
    await waitFor('a new connection is served', async () => {
      const next = await raw('/signal');
      next.ws.send('{"type":"ping"}');
      const answer = await Promise.race([
        next.closed.then(() => 'closed'),
        waitFor('pong', () => next.received.length > 0, { timeoutMs: 2000 }).then(() => 'pong'),
      ]);
      return answer === 'pong';
    });
    expect(sample(await metrics(), 'meshtable_errors_total{code="OVER_CAPACITY"}')).toBeGreaterThan(
      0,
    );
  });

  it('caps connections per room, counting only those with the token', async () => {
    temp = await startTempRelay({ maxConnectionsPerRoom: 2 });
    const owner = connect('crowded');
    await waitFor('owner synced', () => owner.provider.synced);
    // Strangers without the token are refused with 4401 and take no slot.
    for (let i = 0; i < 3; i++) {
      const stranger = await raw(`/sync/crowded?token=${'0'.repeat(64)}`);
      expect(await stranger.closed).toBe(RelayCloseCode.unauthorized);
    }
    const second = connect('crowded');
    await waitFor('second synced', () => second.provider.synced);
    const third = await raw(`/sync/crowded?token=${TOKEN}`);
    expect(await third.closed).toBe(RelayCloseCode.overCapacity);
    const elsewhere = connect('other-room');
    await waitFor('another room is served', () => elsewhere.provider.synced);
  });

  it('caps the subscribers of a signalling topic', async () => {
    temp = await startTempRelay({ maxConnectionsPerRoom: 2 });
    const peers = [await raw('/signal'), await raw('/signal'), await raw('/signal')];
    for (const peer of peers) peer.ws.send('{"type":"subscribe","topics":["table"]}');
    expect(await peers[2]?.closed).toBe(RelayCloseCode.overCapacity);
    peers[0]?.ws.send('{"type":"ping"}');
    await waitFor('the first peer is served', () => (peers[0]?.received.length ?? 0) > 0);
  });

  it('unloads an idle room to make space at the room limit, and refuses when every room is busy', async () => {
    temp = await startTempRelay({ maxRooms: 2, roomIdleMs: 600_000 });
    const left = connect('left');
    left.doc.getMap('m').set('kept', 'yes');
    const stays = connect('stays');
    await waitFor('both synced', () => left.provider.synced && stays.provider.synced);
    const full = await raw(`/sync/third?token=${TOKEN}`);
    expect(await full.closed).toBe(RelayCloseCode.overCapacity);

    await waitFor('the entry is stored', async () =>
      /^meshtable_unstored_updates 0$/m.test(await metrics()),
    );
    left.destroy();
    const third = connect('third');
    await waitFor('the third room opens in the idle one’s place', () => third.provider.synced);
    third.destroy();
    stays.destroy();
    const back = connect('left');
    await waitFor(
      'the unloaded room comes back whole',
      () => back.doc.getMap('m').get('kept') === 'yes',
    );
  });
});
