/**
 * Serves the built web app (apps/web/dist). Vite names its bundled files by content hash under
 * `static/`, so those are cached forever; index.html is revalidated on every load so that a new
 * build reaches users. Paths are resolved inside the web directory only. Every file goes out with
 * the app's Content-Security-Policy, except the rules sandbox's worker bundle (`static/worker/`),
 * which carries a policy of its own.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.mp3': 'audio/mpeg',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Folder of hashed, immutable build output inside the web directory (vite's assetsDir). */
export const HASHED_ASSETS_DIR = 'static';

/**
 * Folder, inside {@link HASHED_ASSETS_DIR}, of the rules sandbox's worker bundle: apps/web's
 * vite.config.ts writes the worker's files there, and they are served with
 * {@link SANDBOX_WORKER_CONTENT_SECURITY_POLICY}.
 */
export const SANDBOX_WORKER_DIR = 'worker';

/**
 * The web app's Content-Security-Policy: a second line of defence behind the app's own checks
 * (DESIGN §7: the app loads nothing from outside its origin), so that a bug or a hostile record
 * still cannot pull in a script, a frame or a tracking pixel from elsewhere. Each source below is
 * one that tldraw was seen to need in Chromium (tests/e2e/contentSecurityPolicy.test.ts fails on
 * any violation):
 *
 * - `script-src 'self'`: the bundle only. No inline script, and no `'unsafe-eval'`: nothing in
 *   tldraw, React or the Yjs stack evaluates strings.
 * - `style-src 'unsafe-inline'`: tldraw's rich-text editor (tiptap) and its menus (Radix' scroll
 *   lock) insert `<style>` elements with generated content. CSS cannot run script.
 * - `img-src data: blob:`: tldraw's stylesheet and index.html's empty favicon use data: images,
 *   tldraw turns its icon sprite into blob: URLs at start, pasted images live in the document as
 *   data: URLs and are previewed through blob: URLs while they load. `media-src` likewise, for
 *   videos.
 * - `font-src data:`: exports embed the bundled fonts as data: URLs.
 * - `connect-src 'self' data: blob:`: fetch and XHR to the relay, WebSockets to this host and
 *   port (CSP3's 'self' covers ws:/wss: of the same host and port), tldraw's fetches of data: URLs
 *   (at start, and to turn assets back into files), and the board's reads of assets the browser
 *   keeps (a scene's walls, served from its cache as blob: URLs), none of which reach a network.
 * - `worker-src 'self'`: the rules sandbox's worker, a bundled file under `static/worker/`. A
 *   dedicated worker runs under the policy its own script is served with, not this one (CSP3;
 *   tests/e2e/sandboxHostile.test.ts shows Chromium does so): see
 *   {@link SANDBOX_WORKER_CONTENT_SECURITY_POLICY}. The page itself still never evaluates.
 * - `object-src`, `base-uri`, `form-action`, `frame-ancestors`: shut. Nothing uses them, and
 *   another site framing the board could trick players into clicks.
 *
 * WebRTC is beyond CSP's reach; the client passes its own ICE servers (none by default).
 */
export const WEB_APP_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' data: blob:",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The Content-Security-Policy of the rules sandbox's worker (DESIGN §4): SES, which runs there and
 * only there, evaluates module source, so the worker must allow `'unsafe-eval'` while the page's
 * policy keeps forbidding it. Everything else is shut, so that a module that got out of its
 * compartment would still be stuck in a worker that can reach nothing:
 *
 * - `default-src 'none'`: no fetch, XHR, WebSocket or EventSource (`connect-src` falls back to
 *   it), and no images, fonts or media. The worker talks to the page by postMessage only.
 * - `script-src 'self' 'unsafe-eval'`: the worker's own bundle (its module imports), and eval for
 *   SES. No other origin, no data: or blob: script.
 * - `worker-src 'none'`: no nested workers. Without it, worker-src would fall back to
 *   script-src's `'self'`.
 */
export const SANDBOX_WORKER_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'unsafe-eval'",
  "worker-src 'none'",
].join('; ');

/**
 * Answers a GET or HEAD for a file of the web app; unknown paths without an extension get
 * index.html (the app routes in the URL fragment, but a deep link must still load it).
 * @returns false when there is no web app to serve
 */
export async function serveWebApp(
  webDir: string,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<boolean> {
  let relative: string;
  try {
    relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  } catch {
    res.writeHead(400).end('bad path');
    return true;
  }
  if (relative.startsWith('..') || relative.includes(`${sep}..${sep}`) || relative.includes('\0')) {
    res.writeHead(400).end('bad path');
    return true;
  }
  const requested = join(webDir, relative || 'index.html');
  let file = requested;
  let info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    // A miss under static/ is a stale or mistyped bundle reference, not an app route.
    if (extname(relative) !== '' || inHashedAssetsDir(relative)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return true;
    }
    file = join(webDir, 'index.html');
    info = await stat(file).catch(() => null);
    if (!info?.isFile()) return false;
  }
  // Decided from the file served, not the path asked for: index.html, whichever path it answers,
  // must be revalidated, or a new build would never reach that browser.
  const immutable = file === requested && inHashedAssetsDir(relative);
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'content-security-policy': inSandboxWorkerDir(relative)
      ? SANDBOX_WORKER_CONTENT_SECURITY_POLICY
      : WEB_APP_CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
  return true;
}

/** Whether a path relative to the web directory is in (or is) the hashed build output folder. */
function inHashedAssetsDir(relative: string): boolean {
  return relative.split(sep)[0] === HASHED_ASSETS_DIR;
}

/** Whether a path relative to the web directory is a file of the sandbox worker's bundle. */
function inSandboxWorkerDir(relative: string): boolean {
  const [top, folder, ...rest] = relative.split(sep);
  return top === HASHED_ASSETS_DIR && folder === SANDBOX_WORKER_DIR && rest.length > 0;
}
