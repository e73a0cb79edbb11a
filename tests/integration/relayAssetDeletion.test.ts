/**
 * `DELETE /assets/<sha256>` on a real relay over real sockets, with real files and LevelDB: a
 * room gives an asset up with its token, which frees its quota; the bytes go when no room holds
 * them (a GET is then 404), and stay for another room that uploaded them too; bad requests are
 * refused with their codes and change nothing; a deletion outlives a restart.
 */
import { readdir } from 'node:fs/promises';
import { type IncomingMessage, request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleGif, samplePng, sampleWav, sha256Hex } from '../support/assetSamples';
import { startTempRelay, type TempRelay } from '../support/tempRelay';
import { waitFor } from '../support/waitFor';
import { connectYClient } from '../support/yClient';

const QUOTA = 256 * 1024;
const ROOM = 'deletion-room';
const TOKEN = 'd'.repeat(64);
const OTHER_ROOM = 'deletion-other';
const OTHER_TOKEN = 'e'.repeat(64);

let temp: TempRelay;
const base = () => temp.relay.url;

/** Claims a room on the relay with a y-websocket client, as the app does before uploading. */
async function claim(room: string, token: string): Promise<void> {
  const client = connectYClient(base(), room, token);
  try {
    await waitFor(`room ${room} claimed`, () => client.provider.synced);
  } finally {
    client.destroy();
  }
}

function put(bytes: Buffer, room = ROOM, token = TOKEN): Promise<Response> {
  return fetch(`${base()}/assets/${sha256Hex(bytes)}`, {
    method: 'PUT',
    headers: { 'x-meshtable-room': room, authorization: `Bearer ${token}` },
    body: new Uint8Array(bytes),
  });
}

function remove(name: string, room = ROOM, token: string | null = TOKEN): Promise<Response> {
  return fetch(`${base()}/assets/${name}`, {
    method: 'DELETE',
    headers: {
      'x-meshtable-room': room,
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
  });
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

/** The asset files on disk, by name. */
async function filesOnDisk(): Promise<string[]> {
  const root = join(temp.dataDir, 'assets', 'files');
  const names: string[] = [];
  for (const folder of await readdir(root)) names.push(...(await readdir(join(root, folder))));
  return names.sort();
}

/** A metric's value from /metrics. */
async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${base()}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return Number(line?.split(' ').pop() ?? Number.NaN);
}

describe('DELETE /assets/<sha256>', () => {
  beforeAll(async () => {
    temp = await startTempRelay({ assetQuotaBytesPerRoom: QUOTA });
    await claim(ROOM, TOKEN);
    await claim(OTHER_ROOM, OTHER_TOKEN);
  });
  afterAll(async () => {
    await temp?.dispose();
  });

  it('frees the room’s quota and deletes the bytes: a GET is 404 afterwards', async () => {
    const png = samplePng();
    const stored = (await (await put(png)).json()) as { roomBytes: number };
    expect(stored.roomBytes).toBe(png.length);
    const name = sha256Hex(png);
    expect((await fetch(`${base()}/assets/${name}`)).status).toBe(200);

    const answer = await remove(name);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(await answer.json()).toEqual({
      sha256: name,
      deleted: true,
      otherRooms: 0,
      roomBytes: 0,
      roomQuotaBytes: QUOTA,
    });
    const gone = await fetch(`${base()}/assets/${name}`);
    expect(gone.status).toBe(404);
    expect((await errorOf(gone)).code).toBe('ASSET_NOT_FOUND');
    expect(await filesOnDisk()).not.toContain(name);
    // A second deletion finds nothing to give up.
    const again = await remove(name);
    expect(again.status).toBe(404);
    expect(await errorOf(again)).toEqual({
      code: 'ASSET_NOT_FOUND',
      message: `room ${ROOM} holds no asset ${name}`,
    });
  });

  it('keeps an asset another room holds, for that room, and deletes it with the last one', async () => {
    const gif = sampleGif();
    const name = sha256Hex(gif);
    expect((await put(gif)).status).toBe(201);
    expect((await put(gif, OTHER_ROOM, OTHER_TOKEN)).status).toBe(200);

    const first = await remove(name);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ deleted: false, otherRooms: 1, roomBytes: 0 });
    const kept = await fetch(`${base()}/assets/${name}`);
    expect(kept.status).toBe(200);
    expect(Buffer.from(await kept.arrayBuffer()).equals(gif)).toBe(true);

    const last = await remove(name, OTHER_ROOM, OTHER_TOKEN);
    expect(await last.json()).toMatchObject({ deleted: true, otherRooms: 0 });
    expect((await fetch(`${base()}/assets/${name}`)).status).toBe(404);
  });

  it('refuses a wrong token, no token and an unclaimed room, and keeps the asset', async () => {
    const wav = sampleWav(64, 7);
    const name = sha256Hex(wav);
    expect((await put(wav)).status).toBe(201);
    const releasesBefore = await metric('meshtable_asset_releases_total');

    const wrong = await remove(name, ROOM, 'f'.repeat(64));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer realm="meshtable"');
    expect(await errorOf(wrong)).toEqual({
      code: 'ASSET_UNAUTHORIZED',
      message: `the token does not open room ${ROOM}`,
    });
    // The other room's token opens the other room only.
    expect((await remove(name, ROOM, OTHER_TOKEN)).status).toBe(401);
    expect((await errorOf(await remove(name, ROOM, null))).message).toBe(
      "give the room's token as Authorization: Bearer <token>",
    );
    expect(await errorOf(await remove(name, 'never-claimed', TOKEN))).toEqual({
      code: 'ASSET_UNAUTHORIZED',
      message:
        'room never-claimed is not claimed on this relay: connect to it once (/sync) before deleting',
    });
    // A room that never uploaded it cannot take it from the one that did.
    const notHeld = await remove(name, OTHER_ROOM, OTHER_TOKEN);
    expect(notHeld.status).toBe(404);
    expect((await errorOf(notHeld)).code).toBe('ASSET_NOT_FOUND');

    expect((await fetch(`${base()}/assets/${name}`)).status).toBe(200);
    expect(await metric('meshtable_asset_releases_total')).toBe(releasesBefore);
    expect(await metric('meshtable_asset_refusals_total{code="ASSET_UNAUTHORIZED"}')).toBe(4);
  });

  it('refuses a name that is not a SHA-256, and an unknown asset', async () => {
    // Encoded, so that fetch sends the traversal as it is.
    const bad = await remove('..%2F..%2Fleveldb%2FCURRENT');
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe('ASSET_BAD_NAME');
    const upper = await remove('A'.repeat(64));
    expect(await errorOf(upper)).toEqual({
      code: 'ASSET_BAD_NAME',
      message: 'an asset name is its SHA-256 in lowercase hex',
    });
    const unknown = await remove('0'.repeat(64));
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe('ASSET_NOT_FOUND');
  });

  it('lets a download under way finish whole when the asset is deleted meanwhile', async () => {
    const wav = sampleWav(200 * 1024, 5);
    const name = sha256Hex(wav);
    expect((await put(wav)).status).toBe(201);
    const { hostname, port } = new URL(base());
    // Headers received: the relay has the file open. The body is left unread until deleted.
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ hostname, port, path: `/assets/${name}`, agent: false }, resolve);
      req.on('error', reject);
      req.end();
    });
    response.pause();
    expect(response.statusCode).toBe(200);
    expect(await (await remove(name)).json()).toMatchObject({ deleted: true });
    expect((await fetch(`${base()}/assets/${name}`)).status).toBe(404);
    const parts: Buffer[] = [];
    for await (const chunk of response) parts.push(chunk as Buffer);
    expect(Buffer.concat(parts).equals(wav)).toBe(true);
  });

  it('lets the freed quota take a new asset, and counts deletions on /metrics', async () => {
    const files = await metric('meshtable_asset_files_deleted_total');
    const freed = await metric('meshtable_asset_released_bytes_total');
    const big = sampleWav(QUOTA / 4 - 64, 11);
    // Fill the room to its quota with four distinct assets of a quarter each…
    const names: string[] = [];
    for (let seed = 20; seed < 24; seed++) {
      const wav = sampleWav(QUOTA / 4 - 64, seed);
      const answer = await put(wav);
      if (answer.status === 413) break;
      names.push(sha256Hex(wav));
    }
    const full = await put(big);
    expect(full.status).toBe(413);
    expect((await errorOf(full)).code).toBe('ASSET_QUOTA_EXCEEDED');
    // …then give one up: the new one fits.
    const removed = await remove(names[0] as string);
    const { roomBytes } = (await removed.json()) as { roomBytes: number };
    expect((await put(big)).status).toBe(201);
    expect(roomBytes).toBeLessThan(QUOTA);
    expect(await metric('meshtable_asset_files_deleted_total')).toBe(files + 1);
    expect(await metric('meshtable_asset_released_bytes_total')).toBeGreaterThan(freed);
  });

  it('keeps a deletion across a restart: the bytes stay gone and the quota stays free', async () => {
    const png = Buffer.concat([samplePng(), Buffer.from('restart')]);
    const name = sha256Hex(png);
    expect((await put(png)).status).toBe(201);
    const { roomBytes: before } = (await (await remove(name)).json()) as { roomBytes: number };
    await temp.restart();
    expect((await fetch(`${base()}/assets/${name}`)).status).toBe(404);
    expect(await filesOnDisk()).not.toContain(name);
    // The ledger forgot the charge: the same deletion finds nothing, and re-uploading charges anew.
    expect((await remove(name)).status).toBe(404);
    const again = (await (await put(png)).json()) as { roomBytes: number; stored: boolean };
    expect(again).toMatchObject({ stored: true, roomBytes: before + png.length });
  });
});
