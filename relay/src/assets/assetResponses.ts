/**
 * What every answer of the asset endpoints carries, and how a refusal is sent. Assets are served
 * from the relay's own origin, so each answer shuts what a hostile file could try, as a second
 * line behind the type check: no MIME sniffing (a PNG that is also HTML stays a PNG), and a
 * Content-Security-Policy that loads nothing and sandboxes the document if one is opened anyway.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AssetError } from './AssetError';

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
