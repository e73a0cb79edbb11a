import { describe, expect, it, vi } from 'vitest';
import { CachedAssetUrls } from './CachedAssetUrls';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

/** A loader whose loads the test settles by hand. */
function manualLoader() {
  const pending = new Map<string, { resolve: (blob: Blob) => void; reject: (e: Error) => void }>();
  const calls: string[] = [];
  const load = (_relay: string, sha: string) =>
    new Promise<Blob>((resolve, reject) => {
      calls.push(sha);
      pending.set(sha, { resolve, reject });
    });
  return { load, pending, calls };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('CachedAssetUrls', () => {
  it('has no URL while loading, a blob URL once loaded, and says when it changed', async () => {
    const loader = manualLoader();
    const urls = new CachedAssetUrls('http://relay.test', { load: loader.load });
    let changes = 0;
    urls.subscribe(() => changes++);
    expect(urls.url(A)).toBe('');
    expect(urls.url(A)).toBe('');
    expect(loader.calls).toEqual([A]);
    loader.pending.get(A)?.resolve(new Blob([new Uint8Array([1, 2, 3])]));
    await flush();
    expect(changes).toBe(1);
    const url = urls.url(A);
    expect(url).toMatch(/^blob:/);
    expect(urls.url(A)).toBe(url);
    urls.release();
  });

  it('shows nothing for an asset that could not be loaded, and tries again later, less often', async () => {
    vi.useFakeTimers();
    try {
      const loader = manualLoader();
      const urls = new CachedAssetUrls('http://relay.test/', {
        load: loader.load,
        retryMs: 20,
        maxRetryMs: 30,
      });
      let changes = 0;
      urls.subscribe(() => changes++);
      urls.url(B);
      loader.pending.get(B)?.reject(new Error('offline'));
      await vi.advanceTimersByTimeAsync(19);
      // Not before the wait: nothing is asked, nothing is shown.
      expect(urls.url(B)).toBe('');
      expect(loader.calls).toEqual([B]);
      expect(changes).toBe(0);
      // After it, the board is told, and its next ask is a new try.
      await vi.advanceTimersByTimeAsync(1);
      expect(changes).toBe(1);
      expect(urls.url(B)).toBe('');
      expect(loader.calls).toEqual([B, B]);
      // A second failure waits longer (twice, within the cap).
      loader.pending.get(B)?.reject(new Error('offline'));
      await vi.advanceTimersByTimeAsync(29);
      expect(changes).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(changes).toBe(2);
      urls.url(B);
      loader.pending.get(B)?.resolve(new Blob([new Uint8Array([7])]));
      await vi.advanceTimersByTimeAsync(0);
      expect(changes).toBe(3);
      expect(urls.url(B)).toMatch(/^blob:/);
      urls.release();
    } finally {
      vi.useRealTimers();
    }
  });

  it('makes no URL for a load that ends after the release, and loads again when asked', async () => {
    const loader = manualLoader();
    const urls = new CachedAssetUrls('http://relay.test', { load: loader.load });
    let changes = 0;
    urls.subscribe(() => changes++);
    urls.url(A);
    const first = loader.pending.get(A);
    urls.release();
    first?.resolve(new Blob([]));
    await flush();
    expect(changes).toBe(0);
    expect(urls.url(A)).toBe('');
    expect(loader.calls).toEqual([A, A]);
    loader.pending.get(A)?.resolve(new Blob([]));
    await flush();
    expect(changes).toBe(1);
    expect(urls.url(A)).toMatch(/^blob:/);
    urls.release();
  });
});
