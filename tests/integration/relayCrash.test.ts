/**
 * Persist before forward, across a crash: whatever one client received through the relay is on
 * the relay's disk, even if the relay is killed with SIGKILL the next instant.
 *
 * 5 kills by default; the long mode (docs/reliability.md):
 *   MESHTABLE_CRASHES=100 npx vitest run --project integration relayCrash
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnRelay } from '../support/relayProcess';
import { waitFor } from '../support/waitFor';
import { connectYClient, type YClient } from '../support/yClient';

const TOKEN = 'd'.repeat(64);
const CRASHES = Number(process.env.MESHTABLE_CRASHES ?? 5);

describe('relay crash (kill -9)', () => {
  let dataDir: string | undefined;
  afterEach(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(`loses nothing a client had received, over ${CRASHES} kills during write bursts`, {
    // About a second a kill: the long mode needs more than the default minute.
    timeout: 60_000 + CRASHES * 3_000,
  }, async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'meshtable-crash-'));
    const everSeen = new Set<string>();
    let relay = await spawnRelay(dataDir);
    for (let crash = 0; crash < CRASHES; crash++) {
      const writer: YClient = connectYClient(relay.url, 'crashy', TOKEN);
      const reader: YClient = connectYClient(relay.url, 'crashy', TOKEN);
      await waitFor('both synced', () => writer.provider.synced && reader.provider.synced);
      const map = reader.doc.getMap<number>('m');
      // Write a burst and kill the relay as soon as the reader has seen part of it.
      for (let i = 0; i < 200; i++) writer.doc.getMap('m').set(`c${crash}-k${i}`, i);
      await waitFor('the reader saw part of the burst', () => map.has(`c${crash}-k0`));
      await relay.kill();
      for (const key of map.keys()) everSeen.add(key);
      writer.destroy();
      reader.destroy();

      relay = await spawnRelay(dataDir);
      // Only the relay can give this client anything: the writer and reader are gone.
      const fresh = connectYClient(relay.url, 'crashy', TOKEN);
      await waitFor('fresh client synced', () => fresh.provider.synced);
      const stored = new Set(fresh.doc.getMap('m').keys());
      const lost = [...everSeen].filter((key) => !stored.has(key));
      expect(lost, `crash ${crash}`).toEqual([]);
      fresh.destroy();
    }
    await relay.stop();
  });
});
