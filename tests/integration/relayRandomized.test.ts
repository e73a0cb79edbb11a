/**
 * Seeded randomized runs against the real relay: clients join, write, leave and come back, the
 * relay restarts and compacts and unloads rooms; at the end every client agrees, and no key that
 * any client ever saw is missing. A failing seed is printed; pin it in PINNED_SEEDS.
 * More seeds: MESHTABLE_FUZZ_SEEDS=200 npx vitest run --project integration relayRandomized
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../support/prng';
import { startTempRelay } from '../support/tempRelay';
import { waitFor } from '../support/waitFor';
import { connectYClient, type YClient } from '../support/yClient';

const TOKEN = 'e'.repeat(64);
const PINNED_SEEDS: number[] = [];
const SEEDS = [
  ...PINNED_SEEDS,
  ...Array.from({ length: Number(process.env.MESHTABLE_FUZZ_SEEDS ?? 5) }, (_, i) => i + 1),
];

async function runSeed(seed: number): Promise<void> {
  const random = seededRandom(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
  const temp = await startTempRelay({ roomIdleMs: 5, compactAfterUpdates: 7 });
  const live: YClient[] = [];
  const ids = new Map<YClient, number>();
  let nextId = 0;
  const join = () => {
    const client = connectYClient(temp.relay.url, 'fuzz', TOKEN);
    ids.set(client, nextId++);
    live.push(client);
    return client;
  };
  const everSeen = new Set<string>();
  let written = 0;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  try {
    for (let step = 0; step < 60; step++) {
      const action = random();
      if (action < 0.2 || live.length === 0) {
        join();
      } else if (action < 0.6) {
        const client = pick(live);
        const map = client.doc.getMap<number>('m');
        if (random() < 0.2 && map.size > 0) map.delete(pick([...map.keys()]));
        else map.set(`c${ids.get(client)}-k${written++}`, step);
      } else if (action < 0.75) {
        const client = pick(live);
        live.splice(live.indexOf(client), 1);
        // What a client received from others came through the relay (its own writes may not
        // have left it before it went away, and those may be lost).
        for (const key of client.doc.getMap('m').keys()) {
          if (!key.startsWith(`c${ids.get(client)}-`)) everSeen.add(key);
        }
        client.destroy();
      } else if (action < 0.8) {
        await temp.restart();
      } else {
        await sleep(random() * 10);
      }
    }
    // Everyone still connected converges, and a newcomer gets the same document.
    const newcomer = join();
    await waitFor(
      `seed ${seed}: all clients converge`,
      () => {
        // Entries sorted: a map's iteration order is its arrival order, which differs per client.
        const contents = (c: YClient) => JSON.stringify([...c.doc.getMap('m').entries()].sort());
        const first = live[0] ? contents(live[0]) : '';
        return live.every((c) => c.provider.synced && contents(c) === first);
      },
      { timeoutMs: 20_000 },
    ).catch((error: unknown) => {
      const states = live.map(
        (c) =>
          `${c.provider.synced ? 'synced' : 'unsynced'}/${c.provider.wsconnected}/${c.doc.getMap('m').size}`,
      );
      throw new Error(`${String(error)}; clients: ${states.join(', ')}`);
    });
    // A key a client saw may be gone only because a client deleted it, and Yjs keeps a deleted
    // map entry as a tombstone: so every key ever seen has an entry, live or deleted.
    const final = newcomer.doc.getMap('m');
    for (const key of everSeen) {
      if (final.has(key)) continue;
      // Yjs keeps deleted map entries as tombstoned items: a deleted key has an item in _map.
      expect(final._map.has(key), `seed ${seed}: key ${key} vanished without a delete`).toBe(true);
    }
  } finally {
    for (const client of live) client.destroy();
    await temp.dispose();
  }
}

describe('relay, randomized (seeded)', () => {
  for (const seed of SEEDS) {
    it(`converges and loses nothing, seed ${seed}`, async () => {
      await runSeed(seed);
    });
  }
});
