import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_CONFIG, loadClientConfig, parseClientConfig } from './clientConfig';

describe('parseClientConfig', () => {
  it('accepts a well-formed config', () => {
    const config = {
      tldrawLicenseKey: 'tldraw-abc',
      iceServers: [{ urls: 'turn:turn.example:3478', username: 'u', credential: 'c' }],
    };
    expect(parseClientConfig(config)).toEqual(config);
  });

  it('drops malformed fields and entries', () => {
    expect(
      parseClientConfig({
        tldrawLicenseKey: 42,
        iceServers: [{ urls: 'stun:ok' }, { urls: 7 }, null, { urls: ['a', 1] }],
      }),
    ).toEqual({ tldrawLicenseKey: null, iceServers: [{ urls: 'stun:ok' }] });
    expect(parseClientConfig({ tldrawLicenseKey: '' }).tldrawLicenseKey).toBeNull();
    expect(parseClientConfig('nope')).toEqual(DEFAULT_CLIENT_CONFIG);
  });

  it('takes the relay’s asset caps only when every one is a positive whole number', () => {
    const assetLimits = { maxAssetBytes: 1000, maxJsonAssetBytes: 500, quotaBytesPerRoom: 9000 };
    expect(parseClientConfig({ iceServers: [], assetLimits }).assetLimits).toEqual(assetLimits);
    for (const bad of [
      { ...assetLimits, maxAssetBytes: 0 },
      { ...assetLimits, maxJsonAssetBytes: '500' },
      { ...assetLimits, quotaBytesPerRoom: 1.5 },
      { maxAssetBytes: 1000 },
      'big',
    ]) {
      expect(parseClientConfig({ iceServers: [], assetLimits: bad })).not.toHaveProperty(
        'assetLimits',
      );
    }
  });
});

describe('loadClientConfig', () => {
  it('falls back to defaults when the request fails or is not ok', async () => {
    const failing = (() => Promise.reject(new TypeError('offline'))) as typeof fetch;
    expect(await loadClientConfig(failing)).toEqual(DEFAULT_CLIENT_CONFIG);
    const notFound = (() => Promise.resolve(new Response('no', { status: 404 }))) as typeof fetch;
    expect(await loadClientConfig(notFound)).toEqual(DEFAULT_CLIENT_CONFIG);
    const html = (() => Promise.resolve(new Response('<html>', { status: 200 }))) as typeof fetch;
    expect(await loadClientConfig(html)).toEqual(DEFAULT_CLIENT_CONFIG);
  });

  it('returns the relay config when it answers', async () => {
    const ok = (() =>
      Promise.resolve(Response.json({ tldrawLicenseKey: 'k', iceServers: [] }))) as typeof fetch;
    expect(await loadClientConfig(ok)).toEqual({ tldrawLicenseKey: 'k', iceServers: [] });
  });
});
