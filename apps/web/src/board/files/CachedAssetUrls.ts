/**
 * The board's images through the asset cache (apps/web/src/assets assetCache.ts): each asset is
 * read from this browser's Cache Storage, or else fetched from the relay, checked against its
 * SHA-256 and kept, and shown from a `blob:` URL of those bytes.
 *
 * Why not the relay's URL, as the board's default: an image seen once (or uploaded here) then
 * shows while the relay cannot be reached (peers keep syncing over WebRTC without it), the
 * uploader's board shows a new image without fetching it back, and a damaged copy is never
 * shown. An asset still loading has no URL (a token shows its initials, a scene its plain
 * ground for that moment); one that cannot be loaded falls back to the relay's URL, so the
 * browser tries on its own.
 */
import { assetUrl, loadAsset } from '../../assets';

/** Loads an asset's bytes (loadAsset; replaced in unit tests). */
export type AssetLoader = (relayUrl: string, sha256: string) => Promise<Blob>;

type Entry =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly url: string }
  | { readonly state: 'failed' };

/**
 * Asset URLs for one board: made once per asset, given back ({@link CachedAssetUrls.release})
 * when the board goes away.
 */
export class CachedAssetUrls {
  readonly #relayUrl: string;
  readonly #load: AssetLoader;
  readonly #entries = new Map<string, Entry>();
  readonly #listeners = new Set<() => void>();
  /** Counts releases: a load that began before the last one makes no URL. */
  #generation = 0;

  constructor(relayUrl: string, load: AssetLoader = loadAsset) {
    this.#relayUrl = relayUrl;
    this.#load = load;
  }

  /**
   * The URL to show an asset from: a `blob:` URL once loaded, '' while loading (the first call
   * starts it), the relay's URL when it could not be loaded.
   */
  readonly url = (sha256: string): string => {
    const entry = this.#entries.get(sha256);
    if (entry === undefined) {
      this.#start(sha256);
      return '';
    }
    switch (entry.state) {
      case 'ready':
        return entry.url;
      case 'failed':
        return assetUrl(this.#relayUrl, sha256);
      case 'loading':
        return '';
    }
  };

  /** Calls `listener` when an asset's URL changed (it loaded, or failed); returns the stop. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /**
   * Lets go of every `blob:` URL made (their images stop showing). What asks again afterwards
   * loads again: React may mount a board's effects twice.
   */
  release(): void {
    this.#generation++;
    for (const entry of this.#entries.values()) {
      if (entry.state === 'ready') URL.revokeObjectURL(entry.url);
    }
    this.#entries.clear();
  }

  #start(sha256: string): void {
    const generation = this.#generation;
    this.#entries.set(sha256, { state: 'loading' });
    this.#load(this.#relayUrl, sha256).then(
      (blob) =>
        this.#settle(generation, sha256, () => ({
          state: 'ready',
          url: URL.createObjectURL(blob),
        })),
      () => this.#settle(generation, sha256, () => ({ state: 'failed' })),
    );
  }

  #settle(generation: number, sha256: string, entry: () => Entry): void {
    if (generation !== this.#generation) return;
    this.#entries.set(sha256, entry());
    for (const listener of [...this.#listeners]) listener();
  }
}
