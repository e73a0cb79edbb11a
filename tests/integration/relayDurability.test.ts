/**
 * What the relay keeps and when: a room is never served before its stored state has loaded, logs
 * are compacted by size as well as by count, writes reach the disk per the sync policy, and a
 * client that stops reading is cut off rather than buffered for without bound.
 */
import { RelayCloseCode } from '@meshtable/schema';
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openRawSocket, syncFrame } from '../support/rawSocket';
import { startTempRelay, type TempRelay } from '../support/tempRelay';
import { waitFor } from '../support/waitFor';
import { connectYClient, type YClient } from '../support/yClient';

const TOKEN = '9'.repeat(64);

/** The value of one sample in a /metrics text. */
async function metric(temp: TempRelay, name: string): Promise<number> {
  const text = await (await fetch(`${temp.relay.url}/metrics`)).text();
  const line = text.split('\n').find((row) => row.startsWith(`${name} `));
  if (!line) throw new Error(`no metric ${name}`);
  return Number(line.slice(name.length + 1));
}

/** A y-websocket sync frame read back: its step and payload, or null for other frames. */
function readSync(frame: Uint8Array): { step: number; payload: Uint8Array } | null {
  const decoder = decoding.createDecoder(frame);
  if (decoding.readVarUint(decoder) !== 0) return null;
  return { step: decoding.readVarUint(decoder), payload: decoding.readVarUint8Array(decoder) };
}

describe('relay durability', () => {
  let temp: TempRelay | undefined;
  const clients: YClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await temp?.dispose();
    temp = undefined;
  });
  const connect = (room: string) => {
    const client = connectYClient(temp?.relay.url ?? '', room, TOKEN);
    clients.push(client);
    return client;
  };
  const stored = async () =>
    temp !== undefined &&
    (await metric(temp, 'meshtable_store_writes_total')) > 0 &&
    (await metric(temp, 'meshtable_unstored_updates')) === 0;

  it('never answers a client before the room has loaded: its first sync already holds the stored state', async () => {
    // No compaction: the reload replays 2,000 updates, which gives a client time to ask first.
    temp = await startTempRelay({ compactAfterUpdates: 1_000_000, syncMessageBurst: 10_000 });
    const writer = connect('big');
    const reader = connect('big');
    for (let i = 0; i < 2000; i++) writer.doc.getArray('log').push([i]);
    // Forwarded means stored.
    await waitFor('the reader has all 2,000', () => reader.doc.getArray('log').length === 2000);
    writer.destroy();
    reader.destroy();
    await temp.restart();

    // Asks at once, with an empty state vector: the answer must be the whole stored document.
    const raw = await openRawSocket(
      `${temp.relay.url.replace('http', 'ws')}/sync/big?token=${TOKEN}`,
    );
    raw.ws.send(syncFrame(0, Y.encodeStateVector(new Y.Doc())));
    await waitFor('the step 2 answer', () =>
      raw.received.some((frame) => readSync(frame)?.step === 1),
    );
    const frames = raw.received.map((frame) => readSync(frame)).filter((f) => f !== null);
    const [first] = frames;
    expect(first?.step).toBe(0);
    const relayState = Y.decodeStateVector(first?.payload ?? new Uint8Array());
    expect([...relayState.values()].reduce((sum, clock) => sum + clock, 0)).toBeGreaterThan(0);
    const answer = frames.find((frame) => frame.step === 1);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, answer?.payload ?? new Uint8Array());
    expect(copy.getArray('log').length).toBe(2000);
    raw.ws.close();
  });

  it('compacts a room by the bytes since its snapshot, and serves it whole after a restart', async () => {
    temp = await startTempRelay({ compactAfterUpdates: 1_000_000, compactAfterBytes: 64 * 1024 });
    const writer = connect('heavy');
    const reader = connect('heavy');
    for (let i = 0; i < 30; i++) writer.doc.getMap('m').set(`k${i}`, 'x'.repeat(10_000));
    await waitFor('the reader has all 30', () => reader.doc.getMap('m').size === 30);
    // 300 kB against a 64 KiB threshold (the count threshold is out of reach).
    await waitFor(
      'a compaction',
      async () => (await metric(temp as TempRelay, 'meshtable_store_compactions_total')) > 0,
    );
    writer.destroy();
    reader.destroy();
    await temp.restart();
    const fresh = connect('heavy');
    await waitFor('fresh client has all 30', () => fresh.doc.getMap('m').size === 30);
  });

  it('flushes writes to the disk within the sync window', async () => {
    temp = await startTempRelay({ syncPolicy: 50 });
    const syncsAtStart = await metric(temp, 'meshtable_store_syncs_total');
    const alice = connect('window');
    const bob = connect('window');
    for (let i = 0; i < 50; i++) alice.doc.getMap('m').set(`k${i}`, i);
    await waitFor('bob has them', () => bob.doc.getMap('m').size === 50);
    // One synced write claimed the room; the updates' writes are flushed by the timer.
    await waitFor(
      'a flush after the writes',
      async () =>
        (await metric(temp as TempRelay, 'meshtable_store_syncs_total')) > syncsAtStart + 1,
    );
  });

  it('with the policy `always`, syncs every batch before forwarding it', async () => {
    temp = await startTempRelay({ syncPolicy: 'always' });
    const alice = connect('strict');
    const bob = connect('strict');
    for (let i = 0; i < 20; i++) alice.doc.getMap('m').set(`k${i}`, i);
    await waitFor('bob has them', () => bob.doc.getMap('m').size === 20);
    await waitFor('stored', stored);
    const writes = await metric(temp, 'meshtable_store_writes_total');
    // Each batch synced, plus the synced claim of the room.
    expect(await metric(temp, 'meshtable_store_syncs_total')).toBeGreaterThanOrEqual(writes + 1);
    const histogram = await (await fetch(`${temp.relay.url}/metrics`)).text();
    expect(histogram).toMatch(
      new RegExp(`^meshtable_store_write_duration_seconds_count ${writes}$`, 'm'),
    );
  });

  it('disconnects a /sync client that stops reading with 4503, and keeps serving the room', async () => {
    temp = await startTempRelay({ maxSyncBufferedBytes: 256 * 1024 });
    const writer = connect('flood');
    const stalled = await openRawSocket(
      `${temp.relay.url.replace('http', 'ws')}/sync/flood?token=${TOKEN}`,
    );
    await waitFor('the stalled client got its sync step 1', () => stalled.received.length > 0);
    (stalled.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    let written = 0;
    await waitFor(
      'the relay drops the stalled reader',
      async () => {
        for (let i = 0; i < 10; i++)
          writer.doc.getMap('m').set(`k${written++}`, 'y'.repeat(20_000));
        return (await metric(temp as TempRelay, 'meshtable_slow_consumers_total')) > 0;
      },
      { intervalMs: 20 },
    );
    (stalled.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await stalled.closed).toBe(RelayCloseCode.slowConsumer);
    const reader = connect('flood');
    await waitFor('a new reader gets everything', () => reader.doc.getMap('m').size === written);
  });
});
