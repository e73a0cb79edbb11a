/**
 * What every answer of the asset endpoints carries, and how a refusal is sent. Assets are served
 * from the relay's own origin, so each answer shuts what a hostile file could try, as a second
 * line behind the type check: no MIME sniffing (a PNG that is also HTML stays a PNG), and a
 * Content-Security-Policy that loads nothing and sandboxes the document if one is opened anyway.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger';
import { AssetError } from './AssetError';
import type { AssetMetrics } from './AssetMetrics';
import { UNAUTHORIZED_HEADERS } from './roomAccess';

/** The policy of every asset answer: nothing may load, and the document gets no origin. */
export const ASSET_CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox";

/** Headers of every asset answer, refusals included. */
export const ASSET_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': ASSET_CONTENT_SECURITY_POLICY,
  'referrer-policy': 'no-referrer',
} as const;

/**
 * How much of a refused upload's remaining body is read and dropped before the connection is
 * cut. Closing a socket with unread bytes makes TCP send a reset, which can destroy the refusal
 * before the client reads it; reading on a little lets the client see why. A client that goes
 * on sending past this is cut off.
 */
const LINGER_BYTES = 4 * 1024 * 1024;
const LINGER_MS = 2000;

/** Answers `{ "error": { "code", "message" } }` with the code's status. */
export function sendAssetError(
  res: ServerResponse,
  error: AssetError,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code: error.code, message: error.message } });
  res.writeHead(error.status, {
    ...ASSET_SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(body);
}

/**
 * Answers a refused upload and deals with the rest of its body: read and dropped up to a bound,
 * then the connection is cut (the client learns the answer either way, and a liar cannot make
 * the relay read on forever).
 */
export function refuseUpload(
  req: IncomingMessage,
  res: ServerResponse,
  error: AssetError,
  headers: Record<string, string> = {},
): void {
  if (!req.complete && !req.destroyed) {
    let dropped = 0;
    const cut = () => {
      clearTimeout(timer);
      req.socket.destroy();
    };
    const timer = setTimeout(cut, LINGER_MS);
    timer.unref();
    req.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > LINGER_BYTES) cut();
    });
    req.once('end', () => clearTimeout(timer));
    req.once('close', () => clearTimeout(timer));
    // No `Connection: close` here: Node would close the socket as soon as the answer is out,
    // with the body still unread, which is the reset this reading on avoids.
    req.resume();
  }
  sendAssetError(res, error, headers);
}

/** Answers a successful upload or deletion: `body` as JSON, never cached. */
export function sendAssetAnswer(
  res: ServerResponse,
  status: number,
  body: object,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...ASSET_SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/**
 * Ends a failed upload or deletion: counts and logs the refusal (a disk failure at error level,
 * with its cause), then answers it, with the Bearer scheme on a 401. An upload whose client went
 * away is counted and logged only: nobody is left to answer.
 * @param failed the message of an unexpected error, for the client (the cause goes to the log)
 */
export function endRefused(
  context: { readonly metrics: AssetMetrics; readonly log: Logger },
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
  fields: { readonly room: string | undefined; readonly sha256: string; readonly failed: string },
): void {
  const refusal =
    error instanceof AssetError
      ? error
      : new AssetError('ASSET_STORAGE_FAILED', fields.failed, error);
  context.metrics.countRefusal(refusal.code);
  const logged = {
    room: fields.room,
    sha256: fields.sha256,
    code: refusal.code,
    reason: refusal.message,
  };
  if (refusal.code === 'ASSET_STORAGE_FAILED') {
    context.log.error('asset.failed', { ...logged, error: String(refusal.cause) });
  } else {
    context.log.info('asset.refused', logged);
  }
  if (refusal.code === 'ASSET_UPLOAD_ABORTED') return;
  refuseUpload(
    req,
    res,
    refusal,
    refusal.code === 'ASSET_UNAUTHORIZED' ? UNAUTHORIZED_HEADERS : {},
  );
}
