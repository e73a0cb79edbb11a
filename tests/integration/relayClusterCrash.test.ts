/**
 * A relay of a cluster killed with SIGKILL while its clients write: they reconnect to another
 * relay of the cluster, and nothing any client had seen is lost, on any relay. Real relay
 * processes (`meshtable relay --redis`) and a real redis-server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { runMeshtable } from '../support/meshtableCli';
import { type RedisServer, startRedisServer } from '../support/redisServer';
import { type RelayProcess, spawnRelay } from '../support/relayProcess';
import { waitFor } from '../support/waitFor';

const TOKEN = 'f'.repeat(64);
const ROOM = 'cluster-crash';
const CRASHES = 3;

/** A client whose document outlives its connection: it can move to another relay. */
class MovingClient {
  readonly doc = new Y.Doc();
  private provider: WebsocketProvider | null = null;

  connect(relayUrl: string): void {
    this.provider?.destroy();
    this.provider = new WebsocketProvider(
      `${relayUrl.replace(/^http/, 'ws')}/sync`,
      ROOM,
      this.doc,
      {
        params: { token: TOKEN },
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
        maxBackoffTime: 500,
      },
    );
  }

  get synced(): boolean {
    return this.provider?.synced ?? false;
  }

  keys(): string[] {
    return [...this.doc.getMap('m').keys()];
  }

  destroy(): void {
    this.provider?.destroy();
    this.doc.destroy();
  }
}

describe('a cluster relay killed with kill -9', () => {
  let redis: RedisServer;
  const dirs: string[] = [];
  const relays: RelayProcess[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const relay of relays) if (relay.child.exitCode === null) await relay.stop();
    await redis.dispose();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function spawnClusterRelay(
    dataDir?: string,
  ): Promise<{ relay: RelayProcess; dir: string }> {
    const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'meshtable-cluster-')));
    if (!dataDir) dirs.push(dir);
    const relay = await spawnRelay(dir, 0, { args: ['--redis', redis.url] });
    relays.push(relay);
    expect(relay.stdout()).toContain(`on Redis 127.0.0.1:${redis.port}/0 (instance `);
    return { relay, dir };
  }

  it(`loses nothing any client had seen, over ${CRASHES} kills during write bursts`, async () => {
    const nodes = [await spawnClusterRelay(), await spawnClusterRelay(), await spawnClusterRelay()];
    const writer = new MovingClient();
    const other = new MovingClient();
    const reader = new MovingClient();
    const nodeAt = (index: number) => nodes[index] as (typeof nodes)[number];
    /** Which relay each client is on. */
    const on = new Map<MovingClient, number>([
      [writer, 0],
      [other, 1],
      [reader, 2],
    ]);
    const moveTo = (client: MovingClient, node: number) => {
      on.set(client, node);
      client.connect(nodeAt(node).relay.url);
    };
    for (const [client, node] of on) moveTo(client, node);
    const everSeen = new Set<string>();
    try {
      await waitFor('all synced', () => writer.synced && other.synced && reader.synced);
      for (let crash = 0; crash < CRASHES; crash++) {
        const victim = crash % 3;
        moveTo(writer, victim);
        await waitFor('writer synced on the victim', () => writer.synced);
        // Bursts from a client of the victim and from a client of another relay.
        for (let i = 0; i < 300; i++) {
          writer.doc.getMap('m').set(`c${crash}-w${i}`, i);
          if (i % 3 === 0) other.doc.getMap('m').set(`c${crash}-o${i}`, i);
        }
        await waitFor('the reader saw part of the victim’s burst', () =>
          reader.doc.getMap('m').has(`c${crash}-w0`),
        );
        await nodeAt(victim).relay.kill();
        for (const client of [writer, other, reader])
          for (const key of client.keys()) everSeen.add(key);

        // The victim's clients move to the next relay, as behind a load balancer.
        for (const [client, node] of on) if (node === victim) moveTo(client, (victim + 1) % 3);
        // The killed relay comes back on its own data (another port), as a supervisor would.
        const back = await spawnClusterRelay(nodeAt(victim).dir);
        nodes[victim] = back;
        await waitFor('every client holds everything any client had seen', () =>
          [writer, other, reader].every((client) => {
            const keys = new Set(client.keys());
            return [...everSeen].every((key) => keys.has(key));
          }),
        );
      }

      // Every relay serves everything to a fresh client, from its disk and the shared log.
      for (const node of nodes) {
        const fresh = new MovingClient();
        fresh.connect(node.relay.url);
        await waitFor('fresh client synced', () => fresh.synced);
        const keys = new Set(fresh.keys());
        expect([...everSeen].filter((key) => !keys.has(key))).toEqual([]);
        // The writers' final state, too: all of the bursts.
        expect(keys.size).toBe(new Set([...writer.keys(), ...other.keys()]).size);
        fresh.destroy();
      }
    } finally {
      for (const client of [writer, other, reader]) client.destroy();
    }
  });

  it('refuses a malformed --redis URL as a usage error (exit 2), before listening', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshtable-cluster-'));
    dirs.push(dir);
    const run = await runMeshtable(
      ['relay', '--port', '0', '--data', dir, '--redis', 'localhost:6379'],
      { deadlineMs: 30_000 },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '--redis must be a Redis URL: redis://[user:password@]host[:port][/db], or rediss:// for TLS',
    );
    expect(run.stdout).not.toContain('Meshtable relay on');
  });
});
