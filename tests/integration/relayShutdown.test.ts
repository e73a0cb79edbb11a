/**
 * Graceful shutdown of the real `meshtable relay` process: on SIGTERM (and SIGINT) it stops
 * accepting, closes every WebSocket with 1001, stores what it had received, flushes LevelDB to
 * the disk, closes it and exits 0; a relay started on the same data then serves everything.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RelayCloseCode } from '@meshtable/schema';
import { Level } from 'level';
import { afterEach, describe, expect, it } from 'vitest';
import { openRawSocket } from '../support/rawSocket';
import { type RelayProcess, spawnRelay } from '../support/relayProcess';
import { waitFor } from '../support/waitFor';
import { connectYClient, type YClient } from '../support/yClient';

const TOKEN = 'e'.repeat(64);

/** The time of the relay's last flush to disk, read from its LevelDB (the relay is stopped). */
async function lastFlush(dataDir: string): Promise<number> {
  const db = new Level<string, string>(join(dataDir, 'leveldb'));
  try {
    return Date.parse(
      (await db.sublevel<string, string>('m', { valueEncoding: 'utf8' }).get('flushed')) ?? '',
    );
  } finally {
    await db.close();
  }
}

/** `meshtable_sync_frames_in_total` of the relay at `url`. */
async function framesIn(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^meshtable_sync_frames_in_total (\d+)$/m.exec(text)?.[1] ?? Number.NaN);
}

describe('relay shutdown (the process)', () => {
  let dataDir: string | undefined;
  let relay: RelayProcess | undefined;
  const clients: YClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    if (relay && relay.child.exitCode === null) await relay.kill();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  const connect = (url: string) => {
    const client = connectYClient(url, 'closing-time', TOKEN);
    clients.push(client);
    return client;
  };

  it('on SIGTERM closes clients with 1001, stores and flushes what it received, and exits 0', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'meshtable-shutdown-'));
    // A minute between flushes: only the shutdown's own flush can have written the marker.
    relay = await spawnRelay(dataDir, 0, { args: ['--sync-ms', '60000'] });
    const writer = connect(relay.url);
    const reader = connect(relay.url);
    const signal = await openRawSocket(`${relay.url.replace('http', 'ws')}/signal`);
    await waitFor('both synced', () => writer.provider.synced && reader.provider.synced);
    const framesBefore = await framesIn(relay.url);
    for (let i = 0; i < 300; i++) writer.doc.getMap('m').set(`k${i}`, i);
    // Received, not necessarily stored or forwarded yet: the shutdown must finish that.
    await waitFor(
      'the relay received the burst',
      async () => (await framesIn(relay?.url ?? '')) >= framesBefore + 300,
      { intervalMs: 1 },
    );

    const stoppedAt = Date.now();
    expect(await relay.stop()).toBe(0);
    expect(relay.stdout()).toContain('SIGTERM: stopping the relay');
    expect(relay.stdout()).toContain('Relay stopped');
    expect(await signal.closed).toBe(RelayCloseCode.goingAway);
    for (const client of [writer, reader]) {
      expect(client.closes[0]?.code).toBe(RelayCloseCode.goingAway);
    }
    expect(await lastFlush(dataDir)).toBeGreaterThanOrEqual(stoppedAt - 1000);
    writer.destroy();
    reader.destroy();

    relay = await spawnRelay(dataDir);
    const fresh = connect(relay.url);
    await waitFor('a fresh client synced', () => fresh.provider.synced);
    const stored = fresh.doc.getMap('m');
    const missing = [...Array(300).keys()].filter((i) => !stored.has(`k${i}`));
    expect(missing).toEqual([]);
    expect(await relay.stop()).toBe(0);
  });

  it('stops as cleanly on SIGINT', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'meshtable-shutdown-'));
    relay = await spawnRelay(dataDir);
    const client = connect(relay.url);
    client.doc.getMap('m').set('kept', true);
    await waitFor('synced', () => client.provider.synced);
    const exited = new Promise<number | null>((resolve) => relay?.child.once('exit', resolve));
    relay.child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(relay.stdout()).toContain('SIGINT: stopping the relay');
    await waitFor('the client saw the close', () => client.closes.length > 0);
    expect(client.closes[0]?.code).toBe(RelayCloseCode.goingAway);
  });
});
