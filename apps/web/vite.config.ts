import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { bundledModules } from './vite.config.modules';
import { installableApp } from './vite.config.pwa';

/**
 * The relay that `vite dev` / `vite preview` forward `/config`, `/signal` and `/sync` to, so the
 * app can be developed against a running relay from the Vite server's own origin.
 */
const relayUrl = process.env.MESHTABLE_RELAY_URL ?? 'http://127.0.0.1:8080';
const relayProxy = {
  '/config': relayUrl,
  '/signal': { target: relayUrl, ws: true },
  '/sync': { target: relayUrl, ws: true },
};

/** Where the sandbox worker's files go, inside the build's `static/` (assetsDir). */
const SANDBOX_WORKER_DIR = 'static/worker';

export default defineConfig({
  // The relay serves the app at its root, and the routes live in the fragment.
  base: '/',
  // The game systems of modules/ ride along in the bundle (vite.config.modules.ts): a campaign's
  // rules load from the app's own origin, offline too.
  plugins: [
    react(),
    bundledModules(fileURLToPath(new URL('../../modules', import.meta.url))),
    // The service worker and manifest (vite.config.pwa.ts): the app opens with no network.
    installableApp(),
  ],
  // Only MESHTABLE_PUBLIC_* variables reach the bundle. In particular tldraw reads
  // import.meta.env.VITE_TLDRAW_LICENSE_KEY, and the license key must come from the relay's
  // /config at run time, never from the build environment.
  envPrefix: 'MESHTABLE_PUBLIC_',
  // Vite's dev-time dependency pre-bundling cannot resolve the `?url` imports inside
  // @tldraw/assets/imports.vite; served unbundled, Vite handles them itself (as the build does).
  optimizeDeps: { exclude: ['@tldraw/assets'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Hashed bundle files go under /static/ (the relay caches that folder as immutable); /assets/
    // is the relay's endpoint for uploaded images and audio (`GET /assets/<sha256>`).
    assetsDir: 'static',
    // tldraw alone is ~2 MB minified; it is one app, loaded once and cached.
    chunkSizeWarningLimit: 4096,
  },
  // The rules sandbox's worker (packages/sandbox/src/browser/worker.ts) is bundled on its own, as
  // an ES module, into static/worker/. The relay serves that folder, and only it, with the
  // worker's Content-Security-Policy, which allows the eval SES needs (SANDBOX_WORKER_DIR in
  // relay/src/http/staticFiles.ts). Nothing else may be written there.
  worker: {
    format: 'es',
    rolldownOptions: {
      output: {
        entryFileNames: `${SANDBOX_WORKER_DIR}/[name]-[hash].js`,
        chunkFileNames: `${SANDBOX_WORKER_DIR}/[name]-[hash].js`,
        assetFileNames: `${SANDBOX_WORKER_DIR}/[name]-[hash][extname]`,
      },
    },
  },
  server: { host: '127.0.0.1', proxy: relayProxy },
  preview: { host: '127.0.0.1', proxy: relayProxy },
});
