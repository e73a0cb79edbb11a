/**
 * The asset types the relay stores, recognised by their first bytes (magic numbers), never by a
 * name or a Content-Type the client claims. Anything else is refused, SVG above all: an SVG is a
 * document that can carry script, and an asset URL is on the relay's own origin.
 *
 * Shared by the relay (which enforces them) and the web app (which checks a file by the same
 * rules before it uploads it, so that a refusal is explained before any byte is sent).
 */

/** An allowed asset type. */
export type AssetTypeName = 'png' | 'jpeg' | 'webp' | 'gif' | 'mp3' | 'ogg' | 'wav' | 'json';

/** How an asset type is served. */
export interface AssetTypeInfo {
  /** The Content-Type it is served with. */
  readonly contentType: string;
  /** File extension for Content-Disposition's filename. */
  readonly extension: string;
  /**
   * `inline` for images and audio, which a browser shows as media; `attachment` for JSON, so
   * that opening its URL saves it rather than rendering text on the relay's origin.
   */
  readonly disposition: 'inline' | 'attachment';
}

/** Every allowed type and how it is served. */
export const ASSET_TYPES: Readonly<Record<AssetTypeName, AssetTypeInfo>> = {
  png: { contentType: 'image/png', extension: 'png', disposition: 'inline' },
  jpeg: { contentType: 'image/jpeg', extension: 'jpg', disposition: 'inline' },
  webp: { contentType: 'image/webp', extension: 'webp', disposition: 'inline' },
  gif: { contentType: 'image/gif', extension: 'gif', disposition: 'inline' },
  mp3: { contentType: 'audio/mpeg', extension: 'mp3', disposition: 'inline' },
  ogg: { contentType: 'audio/ogg', extension: 'ogg', disposition: 'inline' },
  wav: { contentType: 'audio/wav', extension: 'wav', disposition: 'inline' },
  // Universal VTT maps (.dd2vtt, .uvtt) are JSON objects.
  json: { contentType: 'application/json', extension: 'uvtt', disposition: 'attachment' },
};

/** Bytes that decide every binary type (RIFF containers need 12). */
const MAGIC_BYTES = 12;

/**
 * How much leading whitespace a JSON asset may have before its `{`. Real files have none or a
 * newline; the bound keeps a body of blanks from being read to the end before it is refused.
 */
export const MAX_JSON_LEADING_BYTES = 1024;

/** The bytes {@link sniffAssetType} may need, at most, before it decides. */
export const MAX_SNIFF_BYTES = MAX_JSON_LEADING_BYTES + MAGIC_BYTES;

/** What {@link sniffAssetType} concluded. */
export type SniffResult =
  | { readonly kind: 'type'; readonly type: AssetTypeName }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'more' };

/** Whether `text` (ASCII) is at `at`; a head too short to hold it does not match. */
const ascii = (bytes: Uint8Array, at: number, text: string): boolean => {
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
};

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** An ID3v2 tag header: "ID3", version 2–4, a revision, flags, and a size of four 7-bit bytes. */
function isId3(bytes: Uint8Array): boolean {
  if (!ascii(bytes, 0, 'ID3') || bytes.length < 10) return false;
  const major = bytes[3] ?? 0;
  if (major < 2 || major > 4 || bytes[4] === 0xff) return false;
  for (let i = 6; i < 10; i++) if ((bytes[i] ?? 0x80) >= 0x80) return false;
  return true;
}

/**
 * An MPEG audio Layer III frame header: 11 sync bits, a version that is not reserved, layer III
 * (which also tells it apart from AAC's ADTS, whose layer bits are 00), a bitrate index that is
 * neither "free" nor "bad", and a sample rate that is not reserved.
 */
function isMp3Frame(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const [b0 = 0, b1 = 0, b2 = 0] = bytes;
  if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return false;
  const version = (b1 >> 3) & 0b11;
  const layer = (b1 >> 1) & 0b11;
  const bitrate = b2 >> 4;
  const sampleRate = (b2 >> 2) & 0b11;
  return version !== 0b01 && layer === 0b01 && bitrate !== 0 && bitrate !== 0xf && sampleRate !== 3;
}

const isJsonSpace = (byte: number | undefined): boolean =>
  byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/**
 * Decides an asset's type from its first bytes.
 * @param head the first bytes of the body (all of them, when the body is shorter)
 * @param complete whether `head` is the whole body
 * @returns the type; a refusal with the reason in words; or `more` when it needs more bytes
 */
export function sniffAssetType(head: Uint8Array, complete: boolean): SniffResult {
  if (head.length < MAGIC_BYTES && !complete) return { kind: 'more' };
  if (head.length === 0) return { kind: 'refused', reason: 'the body is empty' };
  const type = (name: AssetTypeName): SniffResult => ({ kind: 'type', type: name });
  if (PNG_SIGNATURE.every((byte, i) => head[i] === byte)) return type('png');
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return type('jpeg');
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return type('gif');
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return type('webp');
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE')) return type('wav');
  if (ascii(head, 0, 'OggS')) return type('ogg');
  if (isId3(head) || isMp3Frame(head)) return type('mp3');

  let at = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (at < head.length && isJsonSpace(head[at])) at++;
  if (at === head.length) {
    if (!complete && head.length <= MAX_JSON_LEADING_BYTES) return { kind: 'more' };
    return {
      kind: 'refused',
      reason: `the body is blank, or starts with over ${MAX_JSON_LEADING_BYTES} blank bytes`,
    };
  }
  if (head[at] === 0x7b /* { */) return type('json');
  if (head[at] === 0x3c /* < */) {
    return {
      kind: 'refused',
      reason:
        'SVG, HTML and XML are refused: they can carry script (convert an SVG to PNG or WebP)',
    };
  }
  return {
    kind: 'refused',
    reason: `the bytes are none of ${Object.keys(ASSET_TYPES).join(', ')} (a JSON asset must be one object, as Universal VTT files are)`,
  };
}

/** The default size cap of one asset (the relay's `--max-asset-mb`): 25 MiB. */
export const DEFAULT_MAX_ASSET_BYTES = 25 * 1024 * 1024;

/** The default size cap of a JSON asset (the relay's `--max-json-asset-mb`): 16 MiB. */
export const DEFAULT_MAX_JSON_ASSET_BYTES = 16 * 1024 * 1024;

/** The default asset quota of one room (the relay's `--asset-quota-mb`): 512 MiB. */
export const DEFAULT_ASSET_QUOTA_BYTES = 512 * 1024 * 1024;
