/**
 * Serves the built web app (apps/web/dist). Vite names its bundled files by content hash under
 * `static/`, so those are cached forever; index.html is revalidated on every load so that a new
 * build reaches users. Paths are resolved inside the web directory only.
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
  let file = join(webDir, relative || 'index.html');
  let info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    if (extname(relative) !== '') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return true;
    }
    file = join(webDir, 'index.html');
    info = await stat(file).catch(() => null);
    if (!info?.isFile()) return false;
  }
  const immutable = relative.startsWith(`${HASHED_ASSETS_DIR}/`);
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
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
