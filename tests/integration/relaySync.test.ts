import { RelayCloseCode } from '@meshtable/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { syncFrame } from '../support/rawSocket';
import { startTempRelay, type TempRelay } from '../support/tempRelay';
import { waitFor } from '../support/waitFor';
import { connectYClient, type YClient } from '../support/yClient';

const TOKEN = 'a'.repeat(64);

describe('relay /sync (y-websocket protocol)', () => {
  let temp: TempRelay;
  const clients: YClient[] = [];
  const connect = (room: string, token: string | null = TOKEN) => {
    const client = connectYClient(temp.relay.url, room, token);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    temp = await startTempRelay({ compactAfterUpdates: 25 });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await temp.dispose();
  });

  it('syncs two clients in both directions', async () => {
    const alice = connect('table-1');
    const bob = connect('table-1');
    alice.doc.getMap('tokens').set('goblin', { x: 1, y: 2 });
    bob.doc.getArray('chat').push(['hello']);
    await waitFor('bob sees the goblin', () => bob.doc.getMap('tokens').has('goblin'));
    await waitFor('alice sees the chat', () => alice.doc.getArray('chat').length === 1);
    expect(bob.doc.getMap('tokens').get('goblin')).toEqual({ x: 1, y: 2 });
  });

  it('keeps rooms apart', async () => {
    const alice = connect('room-a');
    const bob = connect('room-b');
    alice.doc.getMap('m').set('k', 1);
    const carol = connect('room-a');
    await waitFor('carol gets room-a', () => carol.doc.getMap('m').get('k') === 1);
    expect(bob.doc.getMap('m').has('k')).toBe(false);
  });

  it('keeps the document across a relay restart', async () => {
    const alice = connect('durable');
    const bob = connect('durable');
    for (let i = 0; i < 60; i++) alice.doc.getArray('log').push([i]);
    await waitFor('bob has all 60 entries', () => bob.doc.getArray('log').length === 60);
    alice.destroy();
    bob.destroy();
    await temp.restart();
    const fresh = connect('durable');
    await waitFor(
      'a fresh client gets all 60 entries',
      () => fresh.doc.getArray('log').length === 60,
    );
    expect(fresh.doc.getArray('log').toArray()).toEqual([...Array(60).keys()]);
  });

  it('serves a compacted room after a restart (more updates than the compaction threshold)', async () => {
    const alice = connect('compacted');
    for (let i = 0; i < 200; i++) alice.doc.getMap('cells').set(`c${i % 30}`, i);
    const observer = connect('compacted');
    await waitFor('observer converges', () => observer.doc.getMap('cells').get('c19') === 199);
    alice.destroy();
    observer.destroy();
    await temp.restart();
    const fresh = connect('compacted');
    await waitFor('fresh client converges', () => fresh.doc.getMap('cells').get('c19') === 199);
    expect(fresh.doc.getMap('cells').size).toBe(30);
  });

  it('refuses a wrong token with close code 4401 and does not reconnect', async () => {
    const owner = connect('claimed');
    owner.doc.getMap('secret').set('plan', 'ambush');
    await waitFor('owner synced', () => owner.provider.synced);
    const intruder = connect('claimed', 'b'.repeat(64));
    await waitFor('intruder refused', () => intruder.closes.length > 0);
    expect(intruder.closes[0]?.code).toBe(RelayCloseCode.unauthorized);
    expect(intruder.provider.shouldConnect).toBe(false);
    expect(intruder.doc.getMap('secret').size).toBe(0);
  });

  it('refuses a connection without a token', async () => {
    const anonymous = connect('no-token-room', null);
    await waitFor('refused', () => anonymous.closes.length > 0);
    expect(anonymous.closes[0]?.code).toBe(RelayCloseCode.unauthorized);
    // No token claims nothing: a proper client can still claim the room afterwards.
    const owner = connect('no-token-room');
    await waitFor('owner connected', () => owner.provider.synced);
  });

  it('refuses an invalid room name with close code 4400', async () => {
    const client = connect('bad!room');
    await waitFor('refused', () => client.closes.length > 0);
    expect(client.closes[0]?.code).toBe(RelayCloseCode.badRoom);
  });

  it('closes only the connection that sent a malformed update, and stores none of it', async () => {
    const alice = connect('fragile');
    const bob = connect('fragile');
    alice.doc.getMap('m').set('before', true);
    await waitFor('bob synced', () => bob.doc.getMap('m').get('before') === true);

    const raw = new WebSocket(
      `${temp.relay.url.replace('http', 'ws')}/sync/fragile?token=${TOKEN}`,
    );
    const closed = new Promise<number>((resolve) => raw.on('close', (code) => resolve(code)));
    await new Promise((resolve) => raw.on('open', resolve));
    // An update with content nobody else has, cut short: if any of it were kept, the marker
    // would show up below.
    const stranger = new Y.Doc();
    stranger.getMap('m').set('marker', 'x'.repeat(100));
    const valid = Y.encodeStateAsUpdate(stranger);
    raw.send(syncFrame(2, valid.slice(0, valid.length - 3)));
    expect(await closed).toBe(RelayCloseCode.malformedFrame);

    alice.doc.getMap('m').set('after', true);
    await waitFor('bob still syncs', () => bob.doc.getMap('m').get('after') === true);
    alice.destroy();
    bob.destroy();
    await temp.restart();
    const fresh = connect('fragile');
    await waitFor('fresh client loads', () => fresh.doc.getMap('m').get('after') === true);
    expect(fresh.doc.getMap('m').toJSON()).toEqual({ before: true, after: true });
  });

  it('closes a connection that sends text or an unknown message type', async () => {
    const url = `${temp.relay.url.replace('http', 'ws')}/sync/text-room?token=${TOKEN}`;
    for (const frame of ['{"hello":1}', new Uint8Array([42, 1, 2])]) {
      const raw = new WebSocket(url);
      const closed = new Promise<number>((resolve) => raw.on('close', (code) => resolve(code)));
      await new Promise((resolve) => raw.on('open', resolve));
      raw.send(frame);
      expect(await closed).toBe(RelayCloseCode.malformedFrame);
    }
  });

  it('relays presence (awareness) and removes it when a client leaves', async () => {
    const alice = connect('presence');
    const bob = connect('presence');
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    const aliceId = alice.doc.clientID;
    await waitFor(
      'bob sees alice',
      () => bob.provider.awareness.getStates().get(aliceId)?.user?.name === 'Alice',
    );
    alice.destroy();
    await waitFor(
      "alice leaves bob's view",
      () => !bob.provider.awareness.getStates().has(aliceId),
    );
  });
});
