/**
 * The SHA-256 of a file's bytes, which names it on the relay. WebCrypto, which browsers give
 * secure contexts only (https, or localhost): the relay serves https when given a certificate
 * (docs/self-hosting.md), and a page over plain http is told so rather than left guessing.
 */
import { AssetError } from './AssetError';

/**
 * The SHA-256 of `bytes` in lowercase hex.
 * @throws AssetError `ASSET_NEEDS_SECURE_CONTEXT` when WebCrypto is not available
 */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) {
    throw new AssetError(
      'ASSET_NEEDS_SECURE_CONTEXT',
      'This page cannot hash files: browsers allow it over https (or on localhost) only. Open the table through the relay’s https address to add files.',
    );
  }
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
