/**
 * The relay's asset endpoints as the browser speaks to them (docs/relay.md "Assets"): `HEAD` to
 * learn whether the relay has an asset, `PUT` to upload one with the room's token.
 *
 * The upload goes through XMLHttpRequest, whose `upload.onprogress` Chromium reports as the
 * bytes leave: fetch can only report upload progress by streaming the request body, which
 * Chromium allows over HTTP/2 alone, and a relay serves HTTP/1.1.
 */
import { AssetError, describeRelayRefusal } from './AssetError';
import type { AssetRelay } from './AssetSession';
import { cancelled } from './retry';

/** The URL an asset is served at by a relay. */
export function assetUrl(relayUrl: string, sha256: string): string {
  return `${relayUrl.replace(/\/+$/, '')}/assets/${sha256}`;
}

/** What a successful upload answered. */
export interface PutOutcome {
  /** True when the relay stored the bytes now (201), false when it had them already (200). */
  readonly stored: boolean;
}

/** Options of {@link AssetTransport.put}. */
export interface PutOptions {
  /** The name the person knows the file by, for messages. */
  readonly fileName: string;
  /** Bytes sent so far, of `total`. */
  readonly onProgress?: (loaded: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** The relay's asset endpoints, for one room. A stand-in replaces it in unit tests. */
export interface AssetTransport {
  /**
   * Whether the relay has the asset.
   * @throws AssetError `ASSET_NETWORK_FAILED` (retryable), `ASSET_BAD_RESPONSE`
   */
  has(sha256: string, signal?: AbortSignal): Promise<boolean>;
  /**
   * Uploads the asset's bytes.
   * @throws AssetError with the relay's code and a message to show (retryable for a damaged
   *   upload or a relay's failure), `ASSET_NETWORK_FAILED` (retryable), `ASSET_CANCELLED`
   */
  put(sha256: string, body: Blob, options: PutOptions): Promise<PutOutcome>;
}

const unreachable = () =>
  new AssetError(
    'ASSET_NETWORK_FAILED',
    'The relay could not be reached. Check the connection; the upload is tried again.',
    true,
  );

/** The relay's endpoints over HTTP, for the room `relay` names. */
export function relayAssetTransport(relay: AssetRelay): AssetTransport {
  return {
    async has(sha256, signal) {
      let response: Response;
      try {
        response = await fetch(assetUrl(relay.url, sha256), {
          method: 'HEAD',
          cache: 'no-store',
          ...(signal === undefined ? {} : { signal }),
        });
      } catch {
        if (signal?.aborted === true) throw cancelled();
        throw unreachable();
      }
      if (response.status === 200) return true;
      if (response.status === 404) return false;
      throw new AssetError(
        'ASSET_BAD_RESPONSE',
        `The relay answered ${response.status} when asked for an asset.`,
        response.status >= 500,
      );
    },

    put(sha256, body, options) {
      return new Promise<PutOutcome>((resolve, reject) => {
        const { signal } = options;
        if (signal?.aborted === true) {
          reject(cancelled());
          return;
        }
        const request = new XMLHttpRequest();
        request.open('PUT', assetUrl(relay.url, sha256));
        request.setRequestHeader('X-Meshtable-Room', relay.room);
        request.setRequestHeader('Authorization', `Bearer ${relay.token}`);
        // The relay reads the type from the bytes; this only keeps the browser from guessing.
        request.setRequestHeader('Content-Type', 'application/octet-stream');
        request.responseType = 'text';
        const onAbort = () => request.abort();
        const settle = () => signal?.removeEventListener('abort', onAbort);
        request.upload.onprogress = (event) => {
          options.onProgress?.(event.loaded, event.lengthComputable ? event.total : body.size);
        };
        request.onload = () => {
          settle();
          if (request.status === 200 || request.status === 201) {
            resolve({ stored: request.status === 201 });
            return;
          }
          reject(refusal(request.status, request.responseText, options.fileName));
        };
        request.onerror = () => {
          settle();
          reject(unreachable());
        };
        request.onabort = () => {
          settle();
          reject(cancelled());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        request.send(body);
      });
    },
  };
}

/** The relay's `{"error":{"code","message"}}` as an AssetError, or what else came back. */
export function refusal(status: number, text: string, fileName: string): AssetError {
  let code: string | null = null;
  let message = '';
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof parsed.error?.code === 'string') code = parsed.error.code;
    if (typeof parsed.error?.message === 'string') message = parsed.error.message;
  } catch {
    // Not the relay's answer: a proxy in between, most likely.
  }
  if (code === null || !code.startsWith('ASSET_')) {
    return new AssetError(
      'ASSET_BAD_RESPONSE',
      `The relay answered ${status} to the upload of “${fileName}”, without saying why.`,
      status >= 500,
    );
  }
  const retryable = code === 'ASSET_HASH_MISMATCH' || code === 'ASSET_STORAGE_FAILED';
  return new AssetError(
    code as AssetError['code'],
    describeRelayRefusal(code, message, fileName),
    retryable,
  );
}
