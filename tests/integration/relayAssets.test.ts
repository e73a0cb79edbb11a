/**
 * `PUT` and `GET /assets/<sha256>` on a real relay over real sockets, with real files and LevelDB:
 * every allowed type round-trips; every bad upload is refused with its code and leaves nothing
 * on disk; quotas hold across a restart.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { type IncomingHttpHeaders, request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRelay } from '@meshtable/relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  sampleGif,
  sampleJpeg,
  sampleMp3,
  sampleOgg,
  samplePng,
  sampleUvtt,
  sampleWav,
  sampleWebp,
  sha256Hex,
} from '../support/assetSamples';
import { MESHTABLE_BIN, runMeshtable } from '../support/meshtableCli';
import { startTempRelay, type TempRelay } from '../support/tempRelay';
import { waitFor } from '../support/waitFor';
import { connectYClient } from '../support/yClient';

const KiB = 1024;
const MAX_ASSET = 64 * KiB;
const MAX_JSON = 16 * KiB;
const QUOTA = 256 * KiB;

const ROOM = 'assets-room';
const TOKEN = 'a'.repeat(64);

/** An answer: status, headers and the whole body. */
interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

interface SendOptions {
  method?: string;
  headers?: Record<string, string | number>;
  /** Body chunks, written one by one. */
  chunks?: Buffer[];
  /** Leave the request open after the chunks (the answer must come before the body ends). */
  keepOpen?: boolean;
}

/**
 * One request on its own connection. Resolves with the answer as soon as it is complete, even
 * when the relay answered before the body was sent (a later write error is then ignored).
 */
function send(base: string, path: string, options: SendOptions = {}): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      {
        hostname,
        port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('end', () => {
          answered = true;
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(parts),
          });
          req.destroy();
        });
      },
    );
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    // Headers go out at once, even for a request whose body never comes.
    req.flushHeaders();
    for (const chunk of options.chunks ?? []) req.write(chunk);
    if (!options.keepOpen) req.end();
  });
}

/** Uploads `body` to `room` with `token` (as a fixed-length body unless `chunked`). */
function put(
  base: string,
  body: Buffer,
  {
    name = sha256Hex(body),
    room = ROOM,
    token = TOKEN,
    chunked = false,
  }: { name?: string; room?: string | null; token?: string | null; chunked?: boolean } = {},
): Promise<Answer> {
  const headers: Record<string, string | number> = {};
  if (room !== null) headers['x-meshtable-room'] = room;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (!chunked) headers['content-length'] = body.length;
  const chunks = chunked
    ? Array.from({ length: Math.ceil(body.length / 4096) }, (_, i) =>
        body.subarray(i * 4096, (i + 1) * 4096),
      )
    : [body];
  return send(base, `/assets/${name}`, { method: 'PUT', headers, chunks });
}

const errorOf = (answer: Answer) =>
  (JSON.parse(answer.body.toString()) as { error: { code: string; message: string } }).error;

/** Claims `room` with `token` the way every client does: a y-websocket connection that syncs. */
async function claimRoom(base: string, room: string, token: string): Promise<void> {
  const client = connectYClient(base, room, token);
  try {
    await waitFor(`room ${room} claimed`, () => client.provider.synced);
  } finally {
    client.destroy();
  }
}

/** A WAV of exactly `size` bytes whose content depends on `seed`. */
const wavOfSize = (size: number, seed: number) => sampleWav(size - 44, seed);

describe('relay assets', () => {
  let temp: TempRelay;
  let url: string;
  const incoming = () => readdir(join(temp.dataDir, 'assets', 'incoming'));
  const metric = async (line: string) => {
    const text = await (await fetch(`${url}/metrics`)).text();
    return Number(
      new RegExp(`^${line.replace(/[{}"]/g, '\\$&')} (\\d+)$`, 'm').exec(text)?.[1] ?? 0,
    );
  };

  beforeAll(async () => {
    temp = await startTempRelay({
      maxAssetBytes: MAX_ASSET,
      maxJsonAssetBytes: MAX_JSON,
      assetQuotaBytesPerRoom: QUOTA,
    });
    url = temp.relay.url;
    await claimRoom(url, ROOM, TOKEN);
  });
  afterAll(async () => {
    await temp.dispose();
  });

  const samples: [type: string, contentType: string, extension: string, body: Buffer][] = [
    ['png', 'image/png', 'png', samplePng()],
    ['jpeg', 'image/jpeg', 'jpg', sampleJpeg()],
    ['webp', 'image/webp', 'webp', sampleWebp()],
    ['gif', 'image/gif', 'gif', sampleGif()],
    ['mp3', 'audio/mpeg', 'mp3', sampleMp3()],
    ['mp3', 'audio/mpeg', 'mp3', sampleMp3(true)],
    ['ogg', 'audio/ogg', 'ogg', sampleOgg()],
    ['wav', 'audio/wav', 'wav', sampleWav()],
    ['json', 'application/json', 'uvtt', sampleUvtt()],
  ];

  it.each(samples)(
    'stores and serves a %s asset (%s)',
    async (type, contentType, extension, body) => {
      const name = sha256Hex(body);
      const before = await metric('meshtable_asset_uploads_total');
      const stored = await put(url, body);
      expect(stored.status, stored.body.toString()).toBe(201);
      expect(stored.headers.location).toBe(`/assets/${name}`);
      expect(JSON.parse(stored.body.toString())).toMatchObject({
        sha256: name,
        size: body.length,
        type,
        contentType,
        stored: true,
        roomQuotaBytes: QUOTA,
      });
      expect(await metric('meshtable_asset_uploads_total')).toBe(before + 1);

      const got = await send(url, `/assets/${name}`);
      expect(got.status).toBe(200);
      expect(got.body.equals(body)).toBe(true);
      expect(got.headers).toMatchObject({
        'content-type': contentType,
        'content-length': String(body.length),
        'cache-control': 'public, max-age=31536000, immutable',
        etag: `"${name}"`,
        'accept-ranges': 'bytes',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'content-disposition': `${type === 'json' ? 'attachment' : 'inline'}; filename="${name}.${extension}"`,
      });

      const head = await send(url, `/assets/${name}`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
      expect(head.headers['content-length']).toBe(String(body.length));
      expect(head.headers['content-type']).toBe(contentType);
    },
  );

  it('charges a room once for an asset it uploads again', async () => {
    const body = sampleWav(100, 1);
    const first = JSON.parse((await put(url, body)).body.toString());
    const again = await put(url, body);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body.toString())).toMatchObject({
      stored: false,
      roomBytes: first.roomBytes,
    });
  });

  it('stores concurrent uploads of the same asset once, and charges the room once', async () => {
    const body = sampleWav(2000, 2);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => put(url, body, { chunked: true })),
    );
    expect(answers.map((a) => a.status).every((s) => s === 200 || s === 201)).toBe(true);
    expect(answers.some((a) => a.status === 201)).toBe(true);
    const usages = answers.map((a) => JSON.parse(a.body.toString()).roomBytes as number);
    // Every answer saw the asset charged exactly once.
    expect(new Set(usages).size).toBe(1);
    expect((await send(url, `/assets/${sha256Hex(body)}`)).body.equals(body)).toBe(true);
    expect(await incoming()).toEqual([]);
  });

  it('refuses a body that does not hash to the name, and keeps nothing', async () => {
    const body = samplePng();
    const name = sha256Hex(Buffer.from('something else'));
    const answer = await put(url, body, { name });
    expect(answer.status).toBe(422);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(errorOf(answer)).toEqual({
      code: 'ASSET_HASH_MISMATCH',
      message: `the body's SHA-256 is ${sha256Hex(body)}, not the name it was uploaded under`,
    });
    expect((await send(url, `/assets/${name}`)).status).toBe(404);
    expect(await incoming()).toEqual([]);
  });

  it('refuses an announced Content-Length over the cap before reading the body', async () => {
    // The body is never sent: the answer must come from the header alone.
    const answer = await send(url, `/assets/${'0'.repeat(64)}`, {
      method: 'PUT',
      headers: {
        'x-meshtable-room': ROOM,
        authorization: `Bearer ${TOKEN}`,
        'content-length': MAX_ASSET + 1,
      },
      keepOpen: true,
    });
    expect(answer.status).toBe(413);
    expect(errorOf(answer)).toEqual({
      code: 'ASSET_TOO_LARGE',
      message: 'the asset is 65537 bytes, larger than 64 KiB, the most this relay accepts',
    });
    expect(await incoming()).toEqual([]);
  });

  it('refuses a chunked body as soon as it passes the cap, and keeps nothing', async () => {
    const body = wavOfSize(MAX_ASSET + 4096, 3);
    // One byte past the cap, and the request left open: the refusal cannot wait for its end.
    const answer = await send(url, `/assets/${sha256Hex(body)}`, {
      method: 'PUT',
      headers: { 'x-meshtable-room': ROOM, authorization: `Bearer ${TOKEN}` },
      chunks: [body.subarray(0, MAX_ASSET), body.subarray(MAX_ASSET, MAX_ASSET + 1)],
      keepOpen: true,
    });
    expect(answer.status).toBe(413);
    expect(errorOf(answer).code).toBe('ASSET_TOO_LARGE');
    expect((await send(url, `/assets/${sha256Hex(body)}`)).status).toBe(404);
    await waitFor('no unfinished upload on disk', async () => (await incoming()).length === 0);
  });

  it('holds a JSON asset to the JSON cap', async () => {
    const big = Buffer.from(JSON.stringify({ format: 0.3, image: 'A'.repeat(MAX_JSON) }));
    const answer = await put(url, big, { chunked: true });
    expect(answer.status).toBe(413);
    expect(errorOf(answer)).toEqual({
      code: 'ASSET_TOO_LARGE',
      message: 'the JSON asset is larger than 16 KiB, the most this relay accepts',
    });
  });

  it('never stores more than a Content-Length that understates the body', async () => {
    const body = Buffer.concat([samplePng(), Buffer.from('understated')]);
    const longer = Buffer.concat([body, Buffer.alloc(MAX_ASSET * 2, 0x41)]);
    // Raw bytes: the relay reads the announced bytes as the body, and the rest as the next
    // request, which is garbage. Either answer is a refusal; neither body is stored.
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(temp.relay.port, '127.0.0.1', () => {
        socket.write(
          `PUT /assets/${sha256Hex(longer)} HTTP/1.1\r\nHost: x\r\nX-Meshtable-Room: ${ROOM}\r\n` +
            `Authorization: Bearer ${TOKEN}\r\nContent-Length: ${body.length}\r\n\r\n`,
        );
        socket.write(longer);
      });
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString('latin1');
      });
      socket.on('error', () => socket.destroy());
      socket.on('close', () => resolve(text));
      setTimeout(() => socket.destroy(), 5000).unref();
    });
    if (answer !== '') expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect((await send(url, `/assets/${sha256Hex(longer)}`)).status).toBe(404);
    expect((await send(url, `/assets/${sha256Hex(body)}`)).status).toBe(404);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    await waitFor('no unfinished upload on disk', async () => (await incoming()).length === 0);
  });

  it.each([
    ['an SVG', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    [
      'an SVG with an XML declaration',
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
    ],
    ['HTML', '<!doctype html><script>alert(document.cookie)</script>'],
    ['HTML after blank lines', '\n\n  <html><body onload="alert(1)"></body></html>'],
  ])('refuses %s as a type that can carry script', async (_, text) => {
    const answer = await put(url, Buffer.from(text));
    expect(answer.status).toBe(415);
    expect(errorOf(answer)).toEqual({
      code: 'ASSET_TYPE_REFUSED',
      message:
        'SVG, HTML and XML are refused: they can carry script (convert an SVG to PNG or WebP)',
    });
    expect(await incoming()).toEqual([]);
  });

  it.each([
    ['JavaScript', 'alert(document.cookie); // a script'],
    ['plain text', 'just some words, nothing more'],
    ['an empty body', ''],
    ['a JSON array', '[{"format": 0.3}]'],
    ['a PDF', '%PDF-1.7\n%âãÏÓ\n1 0 obj'],
  ])('refuses %s', async (_, text) => {
    const answer = await put(url, Buffer.from(text));
    expect(answer.status).toBe(415);
    expect(errorOf(answer).code).toBe('ASSET_TYPE_REFUSED');
  });

  it('refuses script dressed as a JSON object', async () => {
    const answer = await put(url, Buffer.from('{ alert(document.cookie) }'));
    expect(answer.status).toBe(422);
    expect(errorOf(answer)).toEqual({
      code: 'ASSET_JSON_INVALID',
      message:
        "the JSON asset is not one JSON object: expected a key in double quotes, found 'a' (at byte 2)",
    });
  });

  it('refuses a type claimed only in the headers', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const answer = await send(url, `/assets/${sha256Hex(svg)}`, {
      method: 'PUT',
      headers: {
        'x-meshtable-room': ROOM,
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'image/png',
        'content-length': svg.length,
      },
      chunks: [svg],
    });
    expect(answer.status).toBe(415);
  });

  it('serves a PNG that is also HTML as a PNG that nothing can run', async () => {
    const polyglot = Buffer.concat([samplePng(), Buffer.from('<html><script>alert(1)</script>')]);
    expect((await put(url, polyglot)).status).toBe(201);
    const got = await send(url, `/assets/${sha256Hex(polyglot)}`);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
  });

  it('refuses uploads without the room and its token, and never claims a room', async () => {
    const body = sampleWav(50, 4);
    const refusals: [options: Parameters<typeof put>[2], message: string][] = [
      [{ room: null }, 'name the room in the X-Meshtable-Room header'],
      [{ token: null }, "give the room's token as Authorization: Bearer <token>"],
      [{ token: 'b'.repeat(64) }, `the token does not open room ${ROOM}`],
      [{ room: 'bad room!' }, 'X-Meshtable-Room is not a room name'],
      [{ room: 'never-claimed', token: TOKEN }, 'room never-claimed is not claimed on this relay'],
    ];
    for (const [options, message] of refusals) {
      const answer = await put(url, body, options);
      expect(answer.status, message).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer realm="meshtable"');
      expect(errorOf(answer).code).toBe('ASSET_UNAUTHORIZED');
      expect(errorOf(answer).message).toContain(message);
    }
    expect((await send(url, `/assets/${sha256Hex(body)}`)).status).toBe(404);
    // The refused upload did not claim the room: another token still can.
    await claimRoom(url, 'never-claimed', 'c'.repeat(64));
    expect((await put(url, body, { room: 'never-claimed', token: 'c'.repeat(64) })).status).toBe(
      201,
    );
  });

  it('holds each room to its quota, and a refused upload changes nothing', async () => {
    const room = 'quota-room';
    const other = 'quota-other';
    await claimRoom(url, room, TOKEN);
    await claimRoom(url, other, TOKEN);
    const size = 60 * KiB;
    const assets = [0, 1, 2, 3].map((seed) => wavOfSize(size, 100 + seed));
    for (const [i, asset] of assets.entries()) {
      const answer = await put(url, asset, { room });
      expect(answer.status).toBe(201);
      expect(JSON.parse(answer.body.toString()).roomBytes).toBe((i + 1) * size);
    }
    const over = wavOfSize(size, 200);
    // Announced: refused from the header.
    const announced = await put(url, over, { room });
    expect(announced.status).toBe(413);
    expect(errorOf(announced)).toEqual({
      code: 'ASSET_QUOTA_EXCEEDED',
      message: 'the room has 16 KiB of its asset quota left, and this asset is 60 KiB',
    });
    // Chunked: refused once the bytes pass what is left.
    const streamed = await put(url, over, { room, chunked: true });
    expect(streamed.status).toBe(413);
    expect(errorOf(streamed).code).toBe('ASSET_QUOTA_EXCEEDED');
    expect((await send(url, `/assets/${sha256Hex(over)}`)).status).toBe(404);
    expect(await incoming()).toEqual([]);

    // What the room stored already costs nothing again, even when it is full.
    const again = await put(url, assets[0] as Buffer, { room });
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body.toString()).roomBytes).toBe(4 * size);
    // A small asset still fits in what is left.
    const small = wavOfSize(16 * KiB, 201);
    expect(JSON.parse((await put(url, small, { room })).body.toString()).roomBytes).toBe(QUOTA);
    expect((await put(url, wavOfSize(100, 202), { room })).status).toBe(413);

    // Another room that stores the same asset is charged for it too.
    const shared = await put(url, assets[1] as Buffer, { room: other });
    expect(shared.status).toBe(200);
    expect(JSON.parse(shared.body.toString())).toMatchObject({ stored: false, roomBytes: size });
  });

  it('keeps nothing of an upload whose client goes away mid-body', async () => {
    const body = wavOfSize(48 * KiB, 5);
    const name = sha256Hex(body);
    const aborted = await metric('meshtable_asset_refusals_total{code="ASSET_UPLOAD_ABORTED"}');
    const { hostname, port } = new URL(url);
    const req = request({
      hostname,
      port,
      path: `/assets/${name}`,
      method: 'PUT',
      agent: false,
      headers: {
        'x-meshtable-room': ROOM,
        authorization: `Bearer ${TOKEN}`,
        'content-length': body.length,
      },
    });
    req.on('error', () => {});
    req.write(body.subarray(0, 20 * KiB));
    await waitFor('the upload being written', async () => (await incoming()).length === 1);
    req.destroy();
    await waitFor(
      'the abandoned upload counted',
      async () =>
        (await metric('meshtable_asset_refusals_total{code="ASSET_UPLOAD_ABORTED"}')) ===
        aborted + 1,
    );
    await waitFor('the unfinished file deleted', async () => (await incoming()).length === 0);
    expect((await send(url, `/assets/${name}`)).status).toBe(404);
    // The asset can still be uploaded whole afterwards.
    expect((await put(url, body)).status).toBe(201);
  });

  describe('downloads', () => {
    const audio = sampleOgg();
    const name = sha256Hex(audio);
    const path = `/assets/${name}`;
    beforeAll(async () => {
      await put(url, audio);
    });

    it('serves a single range with 206 and Content-Range', async () => {
      const cases: [range: string, start: number, end: number][] = [
        ['bytes=0-9', 0, 9],
        ['bytes=10-', 10, audio.length - 1],
        ['bytes=-5', audio.length - 5, audio.length - 1],
        [`bytes=20-${audio.length * 2}`, 20, audio.length - 1],
      ];
      for (const [range, start, end] of cases) {
        const part = await send(url, path, { headers: { range } });
        expect(part.status, range).toBe(206);
        expect(part.headers['content-range']).toBe(`bytes ${start}-${end}/${audio.length}`);
        expect(part.headers['content-length']).toBe(String(end - start + 1));
        expect(part.headers['content-type']).toBe('audio/ogg');
        expect(part.body.equals(audio.subarray(start, end + 1)), range).toBe(true);
      }
    });

    it('answers a range past the end with 416', async () => {
      const answer = await send(url, path, { headers: { range: `bytes=${audio.length}-` } });
      expect(answer.status).toBe(416);
      expect(answer.headers['content-range']).toBe(`bytes */${audio.length}`);
      expect(errorOf(answer).code).toBe('ASSET_RANGE_NOT_SATISFIABLE');
    });

    it('sends the whole asset for several ranges, or an If-Range that does not match', async () => {
      const several = await send(url, path, { headers: { range: 'bytes=0-1,5-6' } });
      expect(several.status).toBe(200);
      expect(several.body.equals(audio)).toBe(true);
      const stale = await send(url, path, { headers: { range: 'bytes=0-1', 'if-range': '"x"' } });
      expect(stale.status).toBe(200);
      const current = await send(url, path, {
        headers: { range: 'bytes=0-1', 'if-range': `"${name}"` },
      });
      expect(current.status).toBe(206);
    });

    it('answers If-None-Match with the ETag with 304 and no body', async () => {
      for (const tag of [`"${name}"`, `W/"${name}"`, `"other", "${name}"`]) {
        const answer = await send(url, path, { headers: { 'if-none-match': tag } });
        expect(answer.status, tag).toBe(304);
        expect(answer.body.length).toBe(0);
        expect(answer.headers.etag).toBe(`"${name}"`);
        expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      }
      expect((await send(url, path, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
    });

    it('answers a malformed name with 400 and a missing asset with 404, in JSON', async () => {
      for (const bad of ['xyz', 'AB'.repeat(32), `${name}0`, `${name}/x`, '%2e%2e%2fleveldb']) {
        const answer = await send(url, `/assets/${bad}`);
        expect(answer.status, bad).toBe(400);
        expect(errorOf(answer).code).toBe('ASSET_BAD_NAME');
        expect(answer.headers['x-content-type-options']).toBe('nosniff');
      }
      const missing = await send(url, `/assets/${'0'.repeat(64)}`);
      expect(missing.status).toBe(404);
      expect(errorOf(missing)).toEqual({
        code: 'ASSET_NOT_FOUND',
        message: `no asset ${'0'.repeat(64)} is stored`,
      });
      const badPut = await put(url, samplePng(), { name: 'not-a-hash' });
      expect(badPut.status).toBe(400);
      expect(errorOf(badPut).code).toBe('ASSET_BAD_NAME');
    });

    it('refuses other methods with 405', async () => {
      // DELETE is an endpoint of its own (relayAssetDeletion.test.ts).
      const answer = await send(url, path, { method: 'PATCH' });
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe('GET, HEAD, PUT, DELETE');
      expect(errorOf(answer).code).toBe('ASSET_METHOD_NOT_ALLOWED');
    });

    it('counts downloads and their bytes', async () => {
      const downloads = await metric('meshtable_asset_downloads_total');
      const bytes = await metric('meshtable_asset_download_bytes_total');
      await send(url, path, { headers: { range: 'bytes=0-9' } });
      await send(url, path);
      // Counted once the relay has handed the last byte over, which may be just after the
      // client has read it.
      await waitFor(
        'two downloads counted',
        async () => (await metric('meshtable_asset_downloads_total')) === downloads + 2,
      );
      expect(await metric('meshtable_asset_download_bytes_total')).toBe(bytes + 10 + audio.length);
      expect(
        await metric('meshtable_asset_refusals_total{code="ASSET_HASH_MISMATCH"}'),
      ).toBeGreaterThan(0);
    });
  });

  it('keeps assets and quotas across a restart, and leaves no unfinished upload', async () => {
    const room = 'restart-room';
    await claimRoom(url, room, TOKEN);
    const fill = [0, 1, 2, 3].map((seed) => wavOfSize(64 * KiB, 300 + seed));
    for (const asset of fill) expect((await put(url, asset, { room })).status).toBe(201);

    await temp.restart();
    url = temp.relay.url;

    for (const asset of fill) {
      const got = await send(url, `/assets/${sha256Hex(asset)}`);
      expect(got.status).toBe(200);
      expect(got.body.equals(asset)).toBe(true);
    }
    const refused = await put(url, sampleWav(10, 400), { room });
    expect(refused.status).toBe(413);
    expect(errorOf(refused).code).toBe('ASSET_QUOTA_EXCEEDED');
    const again = await put(url, fill[0] as Buffer, { room });
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body.toString()).roomBytes).toBe(QUOTA);
    expect(await incoming()).toEqual([]);
  });
});

describe('asset options', () => {
  it('refuses a size or quota that is not a whole number of bytes of at least 1', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'meshtable-assets-options-'));
    try {
      for (const [option, value] of [
        ['maxAssetBytes', 0],
        ['maxJsonAssetBytes', 1.5],
        ['assetQuotaBytesPerRoom', -1],
      ] as const) {
        await expect(
          startRelay({ port: 0, dataDir, webDir: null, logLevel: 'silent', [option]: value }),
        ).rejects.toThrow(`${option} must be a whole number of at least 1, not ${value}`);
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('meshtable relay asset flags', () => {
  it('documents the asset flags in --help and refuses a bad size', async () => {
    const help = await runMeshtable(['relay', '--help'], { deadlineMs: 30_000 });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--max-asset-mb N[\s\S]*?default 25\)/);
    expect(help.stdout).toMatch(/--max-json-asset-mb N[\s\S]*?default 16\)/);
    expect(help.stdout).toMatch(/--asset-quota-mb N[\s\S]*?default 512\)/);
    const bad = await runMeshtable(['relay', '--asset-quota-mb', 'lots'], { deadlineMs: 30_000 });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--asset-quota-mb must be a positive number of MiB.*, not "lots"/);
  });

  it('applies --max-asset-mb and --asset-quota-mb', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'meshtable-assets-cli-'));
    const child = spawn(
      process.execPath,
      [
        MESHTABLE_BIN,
        'relay',
        '--port',
        '0',
        '--data',
        dataDir,
        '--web',
        dataDir,
        '--log-level',
        'error',
        '--max-asset-mb',
        '0.001', // 1049 bytes
        '--asset-quota-mb',
        '0.002', // 2097 bytes
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
          const match = /Meshtable relay on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`relay exited with ${code}`)));
      });
      await claimRoom(base, ROOM, TOKEN);
      const tooLarge = await put(base, sampleWav(1100, 1));
      expect(tooLarge.status).toBe(413);
      expect(errorOf(tooLarge).code).toBe('ASSET_TOO_LARGE');
      expect((await put(base, sampleWav(1000, 1))).status).toBe(201);
      expect((await put(base, sampleWav(1000, 2))).status).toBe(201);
      const overQuota = await put(base, sampleWav(100, 3));
      expect(overQuota.status).toBe(413);
      expect(errorOf(overQuota).code).toBe('ASSET_QUOTA_EXCEEDED');
    } finally {
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
