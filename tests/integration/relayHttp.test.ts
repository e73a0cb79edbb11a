import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawHttpRequest } from '../support/rawHttp';
import { startTempRelay, type TempRelay } from '../support/tempRelay';

const get = (base: string, path: string) => rawHttpRequest(base, path);

describe('relay HTTP endpoints', () => {
  let temp: TempRelay;
  let root: string;
  let webDir: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'meshtable-web-'));
    await writeFile(join(root, 'sentinel.txt'), 'SENTINEL');
    webDir = join(root, 'web');
    await mkdir(join(webDir, 'static'), { recursive: true });
    await writeFile(join(webDir, 'index.html'), '<!doctype html><title>Meshtable</title>');
    await writeFile(join(webDir, 'static', 'app-1234.js'), 'console.log(1)');
    temp = await startTempRelay({ webDir, tldrawLicenseKey: 'test-license-key' });
  });
  afterAll(async () => {
    await temp.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('answers /healthz', async () => {
    const res = await get(temp.relay.url, '/healthz');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, rooms: 0 });
  });

  it('hands the tldraw license key and ICE servers to the app on /config', async () => {
    const res = await get(temp.relay.url, '/config');
    expect(JSON.parse(res.body)).toEqual({
      tldrawLicenseKey: 'test-license-key',
      iceServers: [],
      // The defaults (docs/relay.md "Assets"): the app checks a file against them before uploading.
      assetLimits: {
        maxAssetBytes: 25 * 1024 * 1024,
        maxJsonAssetBytes: 16 * 1024 * 1024,
        quotaBytesPerRoom: 512 * 1024 * 1024,
      },
    });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('exposes Prometheus metrics', async () => {
    const res = await get(temp.relay.url, '/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^meshtable_sync_connections 0$/m);
  });

  it('serves the web app, with immutable caching for hashed files only', async () => {
    const index = await get(temp.relay.url, '/');
    expect(index.body).toContain('<title>Meshtable</title>');
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['cache-control']).toBe('no-cache');
    const script = await get(temp.relay.url, '/static/app-1234.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toContain('immutable');
  });

  it('falls back to index.html for app routes and 404s for missing files', async () => {
    expect((await get(temp.relay.url, '/board/abc')).body).toContain('Meshtable');
    expect((await get(temp.relay.url, '/static/missing.js')).status).toBe(404);
  });

  it('never serves a file outside the web directory', async () => {
    // A sentinel beside the web directory: every traversal below aims at it.
    for (const path of [
      '/../sentinel.txt',
      '/%2e%2e/sentinel.txt',
      '/static/..%2f..%2fsentinel.txt',
      '/..%5csentinel.txt',
      '//../sentinel.txt',
      '/%00',
    ]) {
      const res = await get(temp.relay.url, path);
      expect(res.body, path).not.toContain('SENTINEL');
      expect([200, 400, 404], path).toContain(res.status);
    }
  });

  it('answers a request target it cannot read with 400, and keeps running', async () => {
    expect((await get(temp.relay.url, '//a%2f/x')).status).toBeLessThan(500);
    expect((await get(temp.relay.url, '/healthz')).status).toBe(200);
  });

  it('says how to build the app when there is none', async () => {
    const bare = await startTempRelay({ webDir: join(webDir, 'nowhere') });
    try {
      const res = await get(bare.relay.url, '/');
      expect(res.status).toBe(503);
      expect(res.body).toContain('npm run build');
    } finally {
      await bare.dispose();
    }
  });
});
