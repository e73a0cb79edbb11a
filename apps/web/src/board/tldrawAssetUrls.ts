import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite';

/**
 * tldraw's fonts, icons, translations and embed icons, bundled by Vite from @tldraw/assets.
 * Without this tldraw loads them from its own CDN, and the page must load nothing from outside
 * its origin. Computed once: tldraw wants a stable object. Shared by every board.
 */
export const TLDRAW_ASSET_URLS = getAssetUrlsByImport();
