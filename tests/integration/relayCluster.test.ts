/**
 * Relays sharing rooms through Redis (`--redis`, docs/scaling.md), with a real redis-server and
 * real relays in this process: clients of one room on different relays converge, presence and
 * claims are shared, a relay that loads the room late serves everything, a Redis restart (with
 * or without its data) is recovered from, a Redis that is down at start is joined when it comes,
 * and signalling reaches subscribers on other relays.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRelay } from '@meshtable/relay';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { samplePng, sha256Hex } from '../support/assetSamples';
import { freePort, type RedisServer, startRedisServer } from '../support/redisServer';
import { startTempRelay, type TempRelay } from '../support/tempRelay';
import { waitFor } from '../support/waitFor';
import { connectYClient, type YClient } from '../support/yClient';

const TOKEN = 'c'.repeat(64);

describe('relays sharing rooms through Redis', () => {
  let redis: RedisServer;
  const relays: TempRelay[] = [];
  const clients: YClient[] = [];
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const ws of sockets.splice(0)) ws.terminate();
    await Promise.all(relays.splice(0).map((relay) => relay.dispose()));
  });
  afterAll(async () => {
    await redis.dispose();
  });

  async function relay(redisUrl = redis.url): Promise<TempRelay> {
    const started = await startTempRelay({ redis: redisUrl });
    relays.push(started);
    return started;
  }

  function client(on: TempRelay, room: string, token = TOKEN): YClient {
    const made = connectYClient(on.relay.url, room, token);
    clients.push(made);
    return made;
  }

  async function synced(...all: YClient[]): Promise<void> {
    await waitFor('clients synced', () => all.every((c) => c.provider.synced));
  }

  /** Waits until every client's map `m` has every key of `keys`. */
  async function allHave(all: YClient[], keys: string[]): Promise<void> {
    await waitFor(`every client has ${keys.length} keys`, () =>
      all.every((c) => keys.every((key) => c.doc.getMap('m').has(key))),
    );
  }

  async function health(on: TempRelay): Promise<{ cluster: { connected: boolean } }> {
    return (await (await fetch(`${on.relay.url}/healthz`)).json()) as {
      cluster: { connected: boolean };
    };
  }

  it('converges the clients of one room on two relays, both ways, with presence', async () => {
    const [a, b] = [await relay(), await relay()];
    const alice = client(a, 'two-relays');
    const bob = client(b, 'two-relays');
    await synced(alice, bob);
    alice.doc.getMap('m').set('from-a', 1);
    bob.doc.getMap('m').set('from-b', 2);
    await allHave([alice, bob], ['from-a', 'from-b']);

    // Presence crosses too, and leaves when its client does.
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    await waitFor('bob sees alice', () =>
      [...bob.provider.awareness.getStates().values()].some(
        (state) => (state.user as { name?: string } | undefined)?.name === 'Alice',
      ),
    );
    alice.provider.disconnect();
    await waitFor('alice left bob’s presence', () =>
      [...bob.provider.awareness.getStates().values()].every((state) => !state.user),
    );

    const metrics = await (await fetch(`${b.relay.url}/metrics`)).text();
    expect(metrics).toContain('meshtable_redis_connected 1');
    expect(metrics).toMatch(/meshtable_redis_received_total [1-9]/);
    expect((await health(a)).cluster.connected).toBe(true);
  });

  it('shares the room claim: another token is refused on every relay', async () => {
    const [a, b] = [await relay(), await relay()];
    const owner = client(a, 'claimed');
    await synced(owner);
    const stranger = client(b, 'claimed', 'e'.repeat(64));
    await waitFor('the stranger is refused', () => stranger.closes.some((c) => c.code === 4401));
    expect(stranger.provider.synced).toBe(false);
  });

  it('converges three relays, and one that loads the room late serves it all', async () => {
    const [a, b, c] = [await relay(), await relay(), await relay()];
    const writers = [client(a, 'three'), client(b, 'three'), client(c, 'three')];
    await synced(...writers);
    const keys: string[] = [];
    for (let round = 0; round < 30; round++) {
      writers.forEach((writer, i) => {
        writer.doc.getMap('m').set(`r${round}-w${i}`, round);
        keys.push(`r${round}-w${i}`);
      });
    }
    await allHave(writers, keys);

    // A fourth relay has nothing on its disk: it serves the room from the shared log.
    const late = await relay();
    const reader = client(late, 'three');
    await synced(reader);
    // Synced means the first sync step is answered: the relay had the state before it answered.
    expect(keys.filter((key) => !reader.doc.getMap('m').has(key))).toEqual([]);
  });

  it('pushes to Redis what a relay’s disk held and Redis lacked: the room, its assets', async () => {
    // A relay that served the room alone, before the cluster existed.
    const dataDir = await mkdtemp(join(tmpdir(), 'meshtable-cluster-solo-'));
    try {
      const solo = await startRelay({ dataDir, port: 0, webDir: null, logLevel: 'silent' });
      const early = connectYClient(solo.url, 'from-disk', TOKEN);
      await synced(early);
      early.doc.getMap('m').set('only-on-disk', 1);
      const png = samplePng();
      const put = await fetch(`${solo.url}/assets/${sha256Hex(png)}`, {
        method: 'PUT',
        headers: { 'x-meshtable-room': 'from-disk', authorization: `Bearer ${TOKEN}` },
        body: new Uint8Array(png),
      });
      expect(put.status).toBe(201);
      await waitFor('stored', async () => {
        const check = connectYClient(solo.url, 'from-disk', TOKEN);
        await synced(check);
        const has = check.doc.getMap('m').has('only-on-disk');
        check.destroy();
        return has;
      });
      early.destroy();
      await solo.close();

      // The same disk joins a cluster; the other relay's client sees the room once it loads.
      const other = await relay();
      const bob = client(other, 'from-disk');
      await synced(bob);
      expect(bob.doc.getMap('m').has('only-on-disk')).toBe(false);
      const joined = await startRelay({
        dataDir,
        port: 0,
        webDir: null,
        logLevel: 'silent',
        redis: redis.url,
      });
      try {
        const alice = connectYClient(joined.url, 'from-disk', TOKEN);
        clients.push(alice);
        await allHave([alice, bob], ['only-on-disk']);
        // Its assets too: it tells Redis what it holds when it connects.
        await waitFor('the other relay serves the disk’s asset', async () => {
          const answer = await fetch(`${other.relay.url}/assets/${sha256Hex(samplePng())}`);
          await answer.arrayBuffer();
          return answer.status === 200;
        });
      } finally {
        for (const c of clients.splice(0)) c.destroy();
        await joined.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('serves an asset uploaded to one relay from the others, fetched once and kept', async () => {
    const [a, b, c] = [await relay(), await relay(), await relay()];
    const owner = client(a, 'assets');
    await synced(owner);
    const png = samplePng();
    const name = sha256Hex(png);
    const put = await fetch(`${a.relay.url}/assets/${name}`, {
      method: 'PUT',
      headers: { 'x-meshtable-room': 'assets', authorization: `Bearer ${TOKEN}` },
      body: new Uint8Array(png),
    });
    expect(put.status).toBe(201);
    const fromB = await fetch(`${b.relay.url}/assets/${name}`);
    expect(fromB.status).toBe(200);
    expect(fromB.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await fromB.arrayBuffer())).toEqual(png);
    // B keeps it: with A gone, C still gets it (from B).
    await a.dispose();
    relays.splice(relays.indexOf(a), 1);
    const fromC = await fetch(`${c.relay.url}/assets/${name}`);
    expect(fromC.status).toBe(200);
    expect(Buffer.from(await fromC.arrayBuffer())).toEqual(png);
    // An asset no relay holds is still a 404.
    expect((await fetch(`${c.relay.url}/assets/${'0'.repeat(64)}`)).status).toBe(404);
  });

  it('compacts the shared log and still serves every update', async () => {
    const compacting = async () => {
      const started = await startTempRelay({ redis: redis.url, compactAfterUpdates: 20 });
      relays.push(started);
      return started;
    };
    const [a, b] = [await compacting(), await compacting()];
    const writer = client(a, 'compacted');
    const other = client(b, 'compacted');
    await synced(writer, other);
    const keys: string[] = [];
    for (let i = 0; i < 150; i++) {
      writer.doc.getMap('m').set(`k${i}`, i);
      keys.push(`k${i}`);
      if (i % 10 === 9) await allHave([other], keys);
    }
    // The log was compacted: a snapshot, and fewer entries than updates were written.
    const direct = new Redis(redis.url);
    try {
      expect(await direct.hexists('meshtable:snap:compacted', 'state')).toBe(1);
      expect(await direct.xlen('meshtable:log:compacted')).toBeLessThan(100);
    } finally {
      direct.disconnect();
    }
    const late = await compacting();
    const reader = client(late, 'compacted');
    await synced(reader);
    expect(keys.filter((key) => !reader.doc.getMap('m').has(key))).toEqual([]);
  });

  for (const keepData of [true, false]) {
    it(`recovers from a Redis restart ${keepData ? 'with' : 'without'} its data`, async () => {
      const room = `restart-${keepData}`;
      const [a, b] = [await relay(), await relay()];
      const alice = client(a, room);
      const bob = client(b, room);
      await synced(alice, bob);
      alice.doc.getMap('m').set('before', 1);
      await allHave([bob], ['before']);

      await redis.kill();
      await waitFor('the relays see Redis gone', async () => !(await health(a)).cluster.connected);
      // Each relay keeps serving its own clients meanwhile.
      alice.doc.getMap('m').set('while-down-a', 1);
      bob.doc.getMap('m').set('while-down-b', 1);
      const alice2 = client(a, room);
      await allHave([alice2], ['before', 'while-down-a']);

      await redis.restart({ keepData });
      await allHave([alice, bob, alice2], ['before', 'while-down-a', 'while-down-b']);
      bob.doc.getMap('m').set('after', 1);
      await allHave([alice], ['after']);

      // Redis holds the whole room again: a relay with an empty disk serves all of it.
      const late = await relay();
      const reader = client(late, room);
      await synced(reader);
      for (const key of ['before', 'while-down-a', 'while-down-b', 'after']) {
        expect(reader.doc.getMap('m').has(key), key).toBe(true);
      }
    });
  }

  it('starts while Redis is unreachable, serves its clients and joins when Redis comes', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const lonely = await relay(url);
    expect((await health(lonely)).cluster.connected).toBe(false);
    const alice = client(lonely, 'late-redis');
    await synced(alice);
    alice.doc.getMap('m').set('alone', 1);

    const second = await startRedisServer(port);
    try {
      await waitFor('the relay joined Redis', async () => (await health(lonely)).cluster.connected);
      const other = await relay(url);
      const bob = client(other, 'late-redis');
      await allHave([bob], ['alone']);
      bob.doc.getMap('m').set('together', 1);
      await allHave([alice], ['together']);
    } finally {
      for (const c of clients.splice(0)) c.destroy();
      await Promise.all(relays.splice(0).map((r) => r.dispose()));
      await second.dispose();
    }
  });

  it('delivers signalling publishes to subscribers on other relays, once each', async () => {
    const [a, b, c] = [await relay(), await relay(), await relay()];
    const alice = await signalClient(a.relay.url);
    const bob = await signalClient(b.relay.url);
    const carol = await signalClient(c.relay.url);
    alice.send({ type: 'subscribe', topics: ['table'] });
    bob.send({ type: 'subscribe', topics: ['table'] });
    carol.send({ type: 'subscribe', topics: ['elsewhere'] });
    // Subscribed on every relay once the cluster has the topic: a probe that bob receives.
    await waitFor('bob hears alice', async () => {
      alice.send({ type: 'publish', topic: 'table', data: 'probe' });
      await new Promise((done) => setTimeout(done, 50));
      return bob.received.some((m) => m.data === 'probe');
    });
    alice.send({ type: 'publish', topic: 'table', data: 'offer-1' });
    bob.send({ type: 'publish', topic: 'table', data: 'answer-1' });
    await waitFor('both got both', () =>
      [alice, bob].every(
        (peer) =>
          peer.received.some((m) => m.data === 'offer-1') &&
          peer.received.some((m) => m.data === 'answer-1'),
      ),
    );
    // Publishes of one relay reach the others in order: once the last is in, a duplicate of
    // an earlier one would be in too.
    alice.send({ type: 'publish', topic: 'table', data: 'last' });
    bob.send({ type: 'publish', topic: 'table', data: 'last-b' });
    await waitFor('the last publishes arrived', () =>
      [alice, bob].every(
        (peer) =>
          peer.received.some((m) => m.data === 'last') &&
          peer.received.some((m) => m.data === 'last-b'),
      ),
    );
    for (const peer of [alice, bob]) {
      expect(peer.received.filter((m) => m.data === 'offer-1')).toHaveLength(1);
      expect(peer.received.filter((m) => m.data === 'answer-1')).toHaveLength(1);
    }
    expect(carol.received.filter((m) => m.type === 'publish')).toEqual([]);
  });

  async function signalClient(relayUrl: string) {
    const ws = new WebSocket(`${relayUrl.replace('http', 'ws')}/signal`);
    sockets.push(ws);
    const received: Record<string, unknown>[] = [];
    ws.on('message', (data) => received.push(JSON.parse(data.toString())));
    await new Promise((resolve) => ws.on('open', resolve));
    return { received, send: (message: unknown) => ws.send(JSON.stringify(message)) };
  }
});
