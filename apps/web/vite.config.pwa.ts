import { VitePWA } from 'vite-plugin-pwa';

/** Cache Storage name of assets seen once (apps/web/src/assets/assetCache.ts ASSET_CACHE_NAME). */
const ASSET_CACHE_NAME = 'meshtable-assets-v1';

/**
 * The installable app (docs/offline.md): a Workbox service worker, generated at build time, that
 * precaches everything the build writes (the app shell, the bundled game systems' chunks and
 * their worker, tldraw's fonts, icons and translations), so that the lobby and a campaign kept on
 * this device open with no network at all; and the web app manifest.
 *
 * - `registerType: 'prompt'`: a new build waits until the user clicks "Reload" (UpdatePrompt.tsx),
 *   never `skipWaiting` by itself: swapping the app under a running session could mix two
 *   versions' code on one table. Workbox's generated worker listens for the SKIP_WAITING message.
 * - `injectRegister: false`: the app registers the worker itself (registerServiceWorker.ts), so
 *   it can offer the update; nothing inline, which the relay's `script-src 'self'` forbids anyway.
 * - Navigations are answered with the precached index.html (the app routes in the fragment), but
 *   never the relay's endpoints.
 * - `/assets/<sha256>` (uploaded images and audio: named by their content, so never stale) are
 *   answered from the same cache the page keeps them in (assetCache.ts), then the relay.
 */
export function installableApp() {
  return VitePWA({
    registerType: 'prompt',
    injectRegister: false,
    strategies: 'generateSW',
    filename: 'sw.js',
    manifestFilename: 'manifest.webmanifest',
    manifest: {
      name: 'Meshtable',
      short_name: 'Meshtable',
      description: 'A virtual tabletop that keeps playing when the network does not.',
      id: '/',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      background_color: '#f6f6f4',
      theme_color: '#2f6fdb',
      icons: [
        { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{html,js,css,json,svg,png,woff2,woff,ttf,wasm,webmanifest}'],
      // tldraw's main chunk is ~2 MB; the default 2 MiB cap would leave it out.
      maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      // Hashed names under static/ are their own revision.
      dontCacheBustURLsMatching: /^static\//,
      navigateFallback: 'index.html',
      navigateFallbackDenylist: [/^\/(config|signal|sync|assets|metrics|health)/],
      cleanupOutdatedCaches: true,
      clientsClaim: false,
      skipWaiting: false,
      runtimeCaching: [
        {
          urlPattern: ({ url, sameOrigin }) =>
            sameOrigin && /^\/assets\/[0-9a-f]{64}$/.test(url.pathname),
          handler: 'CacheFirst',
          method: 'GET',
          options: {
            cacheName: ASSET_CACHE_NAME,
            cacheableResponse: { statuses: [200] },
            // <audio> asks for byte ranges: answer them from the whole copy kept.
            rangeRequests: true,
          },
        },
      ],
    },
  });
}
