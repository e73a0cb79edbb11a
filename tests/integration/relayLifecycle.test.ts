/**
 * Rooms coming and going: unload after the last client, reload on the next, connections that
 * vanish while their room loads, and clients that resend what the relay already has.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTempRelay, type TempRelay } from '../support/tempRelay';
import { waitFor } from '../support/waitFor';
import { connectYClient, type YClient } from '../support/yClient';

const TOKEN = 'c'.repeat(64);

async function health(temp: TempRelay): Promise<Record<string, number>> {
  return (await (await fetch(`${temp.relay.url}/healthz`)).json()) as Record<string, number>;
}

async function metric(temp: TempRelay, name: string): Promise<number> {
  const text = await (await fetch(`${temp.relay.url}/metrics`)).text();
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  if (!match?.[1]) throw new Error(`no metric ${name}`);
  return Number(match[1]);
}

/**
 * Whether the relay has written something and has nothing left to write. (A client's own
 * "synced" flag is no proof: it means the client has the relay's state, not the other way round.)
 */
async function storedAll(temp: TempRelay): Promise<boolean> {
  return (
    (await metric(temp, 'meshtable_store_writes_total')) > 0 &&
    (await metric(temp, 'meshtable_unstored_updates')) === 0
  );
}

describe('room lifecycle', () => {
  let temp: TempRelay;
  const clients: YClient[] = [];
  const connect = (room: string) => {
    const client = connectYClient(temp.relay.url, room, TOKEN);
    clients.push(client);
    return client;
  };
  beforeEach(async () => {
    temp = await startTempRelay({ roomIdleMs: 30 });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await temp.dispose();
  });

  it('unloads a room after its last client leaves, and reloads it whole', async () => {
    const alice = connect('cycle');
    alice.doc.getArray('log').push(['one', 'two']);
    await waitFor("alice's entries stored", () => storedAll(temp));
    alice.destroy();
    await waitFor('the room is unloaded', async () => (await health(temp)).rooms === 0);
    const bob = connect('cycle');
    await waitFor('bob gets the reloaded room', () => bob.doc.getArray('log').length === 2);
    expect((await health(temp)).rooms).toBe(1);
  });

  it('serves the whole room to clients that arrive around an unload', async () => {
    const writer = connect('flicker');
    writer.doc.getArray('log').push(['kept']);
    await waitFor("the writer's entry stored", () => storedAll(temp));
    writer.destroy();
    // Idle time is 30 ms: arrivals spread over that window and beyond hit every stage of an
    // unload (timer pending, last writes being stored, freed).
    for (let i = 0; i < 12; i++) {
      await new Promise((resolve) => setTimeout(resolve, (i * 7) % 45));
      const visitor = connect('flicker');
      await waitFor(`visitor ${i} gets the room`, () => visitor.doc.getArray('log').length === 1, {
        timeoutMs: 10_000,
      });
      visitor.destroy();
    }
  });

  it('unloads a room whose only connection closed while it was loading', async () => {
    const ws = new WebSocket(
      `${temp.relay.url.replace('http', 'ws')}/sync/fleeting?token=${TOKEN}`,
    );
    await new Promise((resolve) => ws.once('open', resolve));
    ws.terminate();
    await waitFor('no room and no connection left', async () => {
      const h = await health(temp);
      return h.rooms === 0 && h.syncConnections === 0;
    });
  });

  it('neither stores nor forwards what a reconnecting client already shared', async () => {
    const alice = connect('quiet');
    for (let i = 0; i < 5; i++) alice.doc.getMap('m').set(`k${i}`, i);
    await waitFor("alice's entries stored", () => storedAll(temp));
    const writesBefore = await metric(temp, 'meshtable_store_writes_total');
    const framesBefore = await metric(temp, 'meshtable_sync_frames_out_total');
    for (let i = 0; i < 5; i++) {
      const visitor = connect('quiet');
      await waitFor(
        'visitor synced',
        () => visitor.provider.synced && visitor.doc.getMap('m').size === 5,
      );
      visitor.destroy();
    }
    expect(await metric(temp, 'meshtable_store_writes_total')).toBe(writesBefore);
    // Each visitor gets its sync step 1 and step 2 (and nothing is forwarded to alice).
    expect(await metric(temp, 'meshtable_sync_frames_out_total')).toBeLessThanOrEqual(
      framesBefore + 5 * 3,
    );
  });
});
