/**
 * Assets kept in this browser, so that what was seen once shows again offline: Cache Storage,
 * one cache for every campaign (an asset's name is its content, so sharing is safe), keyed by the
 * asset's URL on its relay, exactly as `GET /assets/<sha256>` answers it.
 *
 * Why Cache Storage and not only the relay's `Cache-Control: immutable`: the HTTP cache is the
 * browser's to evict, and nothing tells the page what it holds; Cache Storage stays until the
 * site's data is cleared, and a page can ask it. Keyed by URL as the relay serves the bytes, a
 * service worker (the installable app, later) can answer the board's `<img src="/assets/…">`
 * from it with one `caches.match`, and nothing here changes.
 *
 * Every copy fetched from the relay is checked against its name before it is kept: a damaged
 * copy is refused rather than kept for good.
 */
import { AssetError } from './AssetError';
import { sha256Hex } from './hashBytes';
import { assetUrl } from './relayTransport';

/** The cache's name. A new version of what is kept takes a new name. */
export const ASSET_CACHE_NAME = 'meshtable-assets-v1';

/** Cache Storage, where the page has it (secure contexts only). */
function cacheStorage(): CacheStorage | null {
  return typeof caches === 'undefined' ? null : caches;
}

/**
 * Keeps an asset's bytes (ones just uploaded, say), served as the relay would serve them.
 * Failing to keep them (storage full, private browsing) is not an error: they are on the relay.
 */
export async function keepAsset(
  relayUrl: string,
  sha256: string,
  bytes: Blob,
  contentType: string,
): Promise<void> {
  const storage = cacheStorage();
  if (storage === null) return;
  try {
    const cache = await storage.open(ASSET_CACHE_NAME);
    await cache.put(
      assetUrl(relayUrl, sha256),
      new Response(bytes, {
        headers: { 'Content-Type': contentType, 'Content-Length': String(bytes.size) },
      }),
    );
  } catch {
    // Quota or a storage the browser turned off: the relay still has the asset.
  }
}

/**
 * An asset's bytes: from this browser's cache, or else from the relay (and then kept).
 * @throws AssetError `ASSET_NOT_FOUND` when the relay does not have it, `ASSET_NETWORK_FAILED`
 *   (offline, and not kept here), `ASSET_HASH_MISMATCH` for a damaged copy
 */
export async function loadAsset(
  relayUrl: string,
  sha256: string,
  signal?: AbortSignal,
): Promise<Blob> {
  const url = assetUrl(relayUrl, sha256);
  const storage = cacheStorage();
  const cache = storage === null ? null : await storage.open(ASSET_CACHE_NAME).catch(() => null);
  const kept = await cache?.match(url);
  if (kept !== undefined) return kept.blob();

  let response: Response;
  try {
    response = await fetch(url, signal === undefined ? {} : { signal });
  } catch {
    throw new AssetError(
      'ASSET_NETWORK_FAILED',
      'This file is not kept in this browser, and the relay cannot be reached.',
      true,
    );
  }
  if (response.status === 404) {
    throw new AssetError('ASSET_NOT_FOUND', 'The relay does not have this file.');
  }
  if (!response.ok) {
    throw new AssetError(
      'ASSET_BAD_RESPONSE',
      `The relay answered ${response.status}.`,
      response.status >= 500,
    );
  }
  const blob = await response.blob();
  if (globalThis.crypto?.subtle !== undefined) {
    const actual = await sha256Hex(new Uint8Array(await blob.arrayBuffer()));
    if (actual !== sha256) {
      throw new AssetError('ASSET_HASH_MISMATCH', 'The relay’s copy of this file is damaged.');
    }
  }
  await cache?.put(url, new Response(blob, { headers: response.headers })).catch(() => {});
  return blob;
}
