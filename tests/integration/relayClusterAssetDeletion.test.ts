/**
 * `DELETE /assets/<sha256>` across relays sharing a Redis (`--redis`, docs/scaling.md), with a
 * real redis-server and real relays: an asset stays while a room on any relay holds it, and once
 * the last room gave it up, every relay deletes its copy (fetched copies included) and a GET on
 * any of them is 404.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleGif, sha256Hex } from '../support/assetSamples';
import { type RedisServer, startRedisServer } from '../support/redisServer';
import { startTempRelay, type TempRelay } from '../support/tempRelay';
import { waitFor } from '../support/waitFor';
import { connectYClient } from '../support/yClient';

const ROOMS = { a: ['room-a', 'a'.repeat(64)], b: ['room-b', 'b'.repeat(64)] } as const;

describe('asset deletion in a cluster', () => {
  let redis: RedisServer;
  const relays: TempRelay[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.dispose()));
  });
  afterAll(async () => {
    await redis.dispose();
  });

  async function relay(): Promise<TempRelay> {
    const started = await startTempRelay({ redis: redis.url });
    relays.push(started);
    await waitFor('the relay joined the cluster', async () => {
      const health = (await (await fetch(`${started.relay.url}/healthz`)).json()) as {
        cluster: { connected: boolean };
      };
      return health.cluster.connected;
    });
    return started;
  }

  async function claim(on: TempRelay, [room, token]: readonly [string, string]): Promise<void> {
    const client = connectYClient(on.relay.url, room, token);
    try {
      await waitFor(`room ${room} claimed`, () => client.provider.synced);
    } finally {
      client.destroy();
    }
  }

  function send(
    on: TempRelay,
    method: 'PUT' | 'DELETE',
    bytes: Buffer,
    [room, token]: readonly [string, string],
  ): Promise<Response> {
    return fetch(`${on.relay.url}/assets/${sha256Hex(bytes)}`, {
      method,
      headers: { 'x-meshtable-room': room, authorization: `Bearer ${token}` },
      ...(method === 'PUT' ? { body: new Uint8Array(bytes) } : {}),
    });
  }

  const get = (on: TempRelay, bytes: Buffer) => fetch(`${on.relay.url}/assets/${sha256Hex(bytes)}`);

  it('keeps an asset a room on another relay holds, and deletes every copy with the last', async () => {
    const [one, two] = [await relay(), await relay()];
    await claim(one, ROOMS.a);
    await claim(two, ROOMS.b);
    const gif = sampleGif();
    expect((await send(one, 'PUT', gif, ROOMS.a)).status).toBe(201);
    // Room b stores the same asset through the other relay: both rooms hold it.
    expect([200, 201]).toContain((await send(two, 'PUT', gif, ROOMS.b)).status);

    const first = await send(one, 'DELETE', gif, ROOMS.a);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ deleted: false, otherRooms: 1 });
    expect((await get(one, gif)).status).toBe(200);
    expect((await get(two, gif)).status).toBe(200);

    // Room b gives it up through relay one, where it never uploaded it: the cluster knew.
    const last = await send(one, 'DELETE', gif, ROOMS.b);
    expect(last.status).toBe(200);
    expect(await last.json()).toMatchObject({ deleted: true, otherRooms: 0 });
    expect((await get(one, gif)).status).toBe(404);
    await waitFor(
      'the other relay dropped its copy',
      async () => (await get(two, gif)).status === 404,
    );
  });

  it('drops a copy another relay fetched, once no room holds the asset', async () => {
    const [one, two] = [await relay(), await relay()];
    await claim(one, ROOMS.a);
    const gif = Buffer.concat([sampleGif(), Buffer.from('fetched')]);
    expect((await send(one, 'PUT', gif, ROOMS.a)).status).toBe(201);
    // Relay two fetches it from relay one on the first GET, and keeps a copy.
    expect((await get(two, gif)).status).toBe(200);

    expect(await (await send(one, 'DELETE', gif, ROOMS.a)).json()).toMatchObject({ deleted: true });
    await waitFor(
      'relay two dropped its fetched copy',
      async () => (await get(two, gif)).status === 404,
    );
    expect((await get(one, gif)).status).toBe(404);
  });
});
