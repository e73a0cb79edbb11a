/**
 * The board's images through the asset cache (apps/web/src/assets assetCache.ts): each asset is
 * read from this browser's Cache Storage, or else fetched from the relay, checked against its
 * SHA-256 and kept, and shown from a `blob:` URL of those bytes.
 *
 * Why not the relay's URL, as the board's default: an image seen once (or uploaded here) then
 * shows while the relay cannot be reached (peers keep syncing over WebRTC without it), the
 * uploader's board shows a new image without fetching it back, and a damaged copy is never
 * shown. An asset that is loading, or could not be loaded, has no URL: a token shows its
 * initials, a scene its plain ground. One that could not be loaded (the relay out of reach, or
 * without it yet) is tried again later, less and less often.
 */
import { loadAsset } from '../../assets';

/** Loads an asset's bytes (loadAsset; replaced in unit tests). */
export type AssetLoader = (relayUrl: string, sha256: string) => Promise<Blob>;

/** Options of {@link CachedAssetUrls}. */
export interface CachedAssetUrlsOptions {
  /** Replaces loadAsset (unit tests). */
  readonly load?: AssetLoader;
  /** The wait before the first new try of an asset that failed; it doubles, up to `maxRetryMs`. */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
}

type Entry =
  | { readonly state: 'loading'; readonly failures: number }
  | { readonly state: 'ready'; readonly url: string }
  | { readonly state: 'failed'; readonly failures: number; readonly retryAt: number };

/**
 * Asset URLs for one board: made once per asset, given back ({@link CachedAssetUrls.release})
 * when the board goes away.
 */
export class CachedAssetUrls {
  readonly #relayUrl: string;
  readonly #load: AssetLoader;
  readonly #retryMs: number;
  readonly #maxRetryMs: number;
  readonly #entries = new Map<string, Entry>();
  readonly #listeners = new Set<() => void>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  /** Counts releases: a load that began before the last one makes no URL. */
  #generation = 0;

  constructor(relayUrl: string, options: CachedAssetUrlsOptions = {}) {
    this.#relayUrl = relayUrl;
    this.#load = options.load ?? loadAsset;
    this.#retryMs = options.retryMs ?? 5_000;
    this.#maxRetryMs = options.maxRetryMs ?? 5 * 60_000;
  }

  /**
   * The URL to show an asset from: a `blob:` URL once loaded, '' until then (the first call
   * starts loading it; a call after a failure's wait tries again).
   */
  readonly url = (sha256: string): string => {
    const entry = this.#entries.get(sha256);
    if (entry === undefined) {
      this.#start(sha256, 0);
      return '';
    }
    if (entry.state === 'ready') return entry.url;
    if (entry.state === 'failed' && Date.now() >= entry.retryAt) {
      this.#start(sha256, entry.failures);
    }
    return '';
  };

  /** Calls `listener` when an asset's URL changed, or may be tried again; returns the stop. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /**
   * Lets go of every `blob:` URL made (their images stop showing) and stops the new tries. What
   * asks again afterwards loads again: React may mount a board's effects twice.
   */
  release(): void {
    this.#generation++;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const entry of this.#entries.values()) {
      if (entry.state === 'ready') URL.revokeObjectURL(entry.url);
    }
    this.#entries.clear();
  }

  #start(sha256: string, failures: number): void {
    const generation = this.#generation;
    this.#entries.set(sha256, { state: 'loading', failures });
    this.#load(this.#relayUrl, sha256).then(
      (blob) => {
        if (generation !== this.#generation) return;
        this.#entries.set(sha256, { state: 'ready', url: URL.createObjectURL(blob) });
        this.#notify();
      },
      () => {
        if (generation !== this.#generation) return;
        const wait = Math.min(this.#maxRetryMs, this.#retryMs * 2 ** failures);
        this.#entries.set(sha256, {
          state: 'failed',
          failures: failures + 1,
          retryAt: Date.now() + wait,
        });
        // The board asks again once the wait is over, which starts the new try.
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          this.#notify();
        }, wait);
        this.#timers.add(timer);
      },
    );
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
