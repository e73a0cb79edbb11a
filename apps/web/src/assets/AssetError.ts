/**
 * Why an asset could not be added: the relay's refusals (its `ASSET_*` codes, docs/errors.md
 * "Assets (relay)"), the same rules checked here before any byte is sent, and what can go wrong
 * in the browser. Each comes with a message for the person who picked the file.
 */

import { CodedError } from '../errors/CodedError';

/** The relay's refusal codes, as its `{"error":{"code"}}` names them. */
export type RelayAssetCode =
  | 'ASSET_BAD_NAME'
  | 'ASSET_UNAUTHORIZED'
  | 'ASSET_NOT_FOUND'
  | 'ASSET_METHOD_NOT_ALLOWED'
  | 'ASSET_TOO_LARGE'
  | 'ASSET_QUOTA_EXCEEDED'
  | 'ASSET_TYPE_REFUSED'
  | 'ASSET_RANGE_NOT_SATISFIABLE'
  | 'ASSET_HASH_MISMATCH'
  | 'ASSET_JSON_INVALID'
  | 'ASSET_STORAGE_FAILED';

/** Codes of failures on this side (docs/errors.md "Assets (web app)"). */
export type LocalAssetCode =
  /** The relay could not be reached, after the retries. */
  | 'ASSET_NETWORK_FAILED'
  /** The upload was cancelled. */
  | 'ASSET_CANCELLED'
  /** The page is not a secure context, so WebCrypto cannot hash the file. */
  | 'ASSET_NEEDS_SECURE_CONTEXT'
  /** The relay answered something that is not its asset protocol (a proxy's error page). */
  | 'ASSET_BAD_RESPONSE'
  /** Only a GM adds assets to the campaign, and shares them. */
  | 'ASSET_NOT_GM'
  /** Sharing writes the table doc, which only the GM device that runs the table writes. */
  | 'ASSET_NOT_VALIDATING';

export type AssetErrorCode = RelayAssetCode | LocalAssetCode;

/** An asset that could not be uploaded, listed or shared, with a message to show. */
export class AssetError extends CodedError<AssetErrorCode> {
  override readonly name = 'AssetError';
  constructor(
    code: AssetErrorCode,
    message: string,
    /** Whether trying again may help (a network failure, a damaged upload, a relay's disk). */
    readonly retryable = false,
  ) {
    super(code, message);
  }
}

/**
 * Sizes as people read them: `812 KB`, `3.4 MB`, `25 MB` (powers of 1024, as the relay counts).
 * @param round `up` for a size over a cap, so that it never reads as the cap itself
 */
export function formatBytes(bytes: number, round: 'nearest' | 'up' = 'nearest'): string {
  const rounded = (value: number, step: number) =>
    (round === 'up' ? Math.ceil(value / step) : Math.round(value / step)) * step;
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${rounded(bytes / 1024, 1)} KB`;
  const megabytes = rounded(bytes / (1024 * 1024), 0.1);
  return `${megabytes.toFixed(1).replace(/\.0$/, '')} MB`;
}

/** The longest part of a relay's message repeated to the user. */
const MAX_RELAY_MESSAGE = 300;

/**
 * The message for a relay's refusal of `fileName`.
 * @param relayMessage the relay's own words (shown as text, shortened)
 */
export function describeRelayRefusal(code: string, relayMessage: string, fileName: string): string {
  const said = relayMessage.trim().slice(0, MAX_RELAY_MESSAGE);
  const file = `“${fileName}”`;
  switch (code) {
    case 'ASSET_TOO_LARGE':
      return `${file} is larger than this relay takes (${said}). Make it smaller (as WebP or JPEG an image is often a tenth of its PNG), or ask the relay's operator to raise --max-asset-mb.`;
    case 'ASSET_QUOTA_EXCEEDED':
      return `This campaign's space on the relay is full, so ${file} was not kept (${said}). Ask the relay's operator to raise --asset-quota-mb.`;
    case 'ASSET_TYPE_REFUSED':
      return `The relay refused ${file}: ${said}. It keeps PNG, JPEG, WebP and GIF images and MP3, Ogg and WAV audio; convert an SVG to PNG or WebP.`;
    case 'ASSET_JSON_INVALID':
      return `The relay refused ${file}: it is not one valid JSON object (${said}).`;
    case 'ASSET_HASH_MISMATCH':
      return `${file} was damaged on its way to the relay and was not kept. Try again.`;
    case 'ASSET_UNAUTHORIZED':
      return `The relay does not know this table yet, so it refused ${file}. Wait until the status shows the relay connected, then try again.`;
    case 'ASSET_STORAGE_FAILED':
      return `The relay could not store ${file} (its disk may be full). Try again later, or tell the relay's operator.`;
    default:
      return `The relay refused ${file} (${code}): ${said}`;
  }
}
