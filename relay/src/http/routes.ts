/**
 * The relay's HTTP side: `/healthz`, `/config`, `/metrics` and the web app. Every failure ends
 * in a status code; none escapes to the server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RelayClientConfig } from '@meshtable/schema/relay';
import { ASSETS_PATH, type AssetService } from '../assets/AssetService';
import type { Logger } from '../logger';
import { parseRequestTarget } from './requestUrl';
import { serveWebApp } from './staticFiles';

/** What the routes read at request time. */
export interface RouteContext {
  readonly log: Logger;
  readonly webDir: string | null;
  readonly clientConfig: RelayClientConfig;
  /** `PUT`, `GET` and `HEAD /assets/<sha256>`. */
  readonly assets: Pick<AssetService, 'handle'>;
  /** The body of `/healthz`. */
  health(): Record<string, unknown>;
  /** The body of `/metrics`. */
  metrics(): string;
  /** Counts a request that failed with 500 (`HTTP_ERROR` on /metrics). */
  countError?(): void;
}

/** Makes the `request` listener of the relay's HTTP server. */
export function createRequestHandler(context: RouteContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(context, req, res).catch((error: unknown) => {
      context.countError?.();
      context.log.error('http.error', { code: 'HTTP_ERROR', error: String(error) });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
}

async function handle(
  context: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = parseRequestTarget(req.url);
  if (url === null) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request target');
    return;
  }
  // Before the method check: assets take PUT as well.
  if (url.pathname.startsWith(ASSETS_PATH)) return context.assets.handle(req, res, url.pathname);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  switch (url.pathname) {
    case '/healthz':
      return sendJson(res, context.health());
    case '/config':
      return sendJson(res, context.clientConfig);
    case '/metrics':
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(context.metrics());
      return;
  }
  if (context.webDir && (await serveWebApp(context.webDir, req, res, url.pathname))) return;
  res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('The web app is not built. Run `npm run build` (npm start does it for you).\n');
}

function sendJson(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
