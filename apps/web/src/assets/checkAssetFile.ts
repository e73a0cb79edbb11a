/**
 * The relay's rules for an asset (docs/relay.md "Assets"), checked on this side before a byte is
 * sent: the type read from the file's first bytes (never its name or the browser's guess), and
 * the size caps. The same code as the relay's (packages/schema assetTypes.ts), so a file that
 * passes here is refused by the relay only when it was configured otherwise, or its room is
 * full; and the person learns at once, with words that say what to do.
 */
import {
  type AssetTypeName,
  DEFAULT_MAX_ASSET_BYTES,
  DEFAULT_MAX_JSON_ASSET_BYTES,
  MAX_SNIFF_BYTES,
  sniffAssetType,
} from '@meshtable/schema';
import { AssetError, formatBytes } from './AssetError';

/** Images, which scenes, tokens and handouts show. */
export const IMAGE_TYPES: readonly AssetTypeName[] = ['png', 'jpeg', 'webp', 'gif'];
/** Audio, for ambience and effects. */
export const AUDIO_TYPES: readonly AssetTypeName[] = ['mp3', 'ogg', 'wav'];
/** What the library lists and uploads: images and audio. */
export const LIBRARY_TYPES: readonly AssetTypeName[] = [...IMAGE_TYPES, ...AUDIO_TYPES];

/** The size caps a relay applies; the defaults are the relay's own. */
export interface AssetLimits {
  readonly maxAssetBytes: number;
  readonly maxJsonAssetBytes: number;
}

/** The relay's default caps (`--max-asset-mb`, `--max-json-asset-mb`). */
export const DEFAULT_ASSET_LIMITS: AssetLimits = {
  maxAssetBytes: DEFAULT_MAX_ASSET_BYTES,
  maxJsonAssetBytes: DEFAULT_MAX_JSON_ASSET_BYTES,
};

/** A file as far as the checks need one: a Blob with the name the person knows it by. */
export interface NamedBlob extends Blob {
  readonly name: string;
}

/**
 * Checks a file against the relay's rules and the types wanted here.
 * @param accept the types this upload takes (the library: {@link LIBRARY_TYPES})
 * @returns the type its bytes show
 * @throws AssetError `ASSET_TYPE_REFUSED` (an empty file, SVG, HTML, text, a type the relay
 *   keeps but this upload does not take) or `ASSET_TOO_LARGE`
 */
export async function checkAssetFile(
  file: NamedBlob,
  accept: readonly AssetTypeName[],
  limits: AssetLimits = DEFAULT_ASSET_LIMITS,
): Promise<AssetTypeName> {
  const name = `“${file.name}”`;
  const head = new Uint8Array(await file.slice(0, MAX_SNIFF_BYTES).arrayBuffer());
  const sniffed = sniffAssetType(head, file.size <= MAX_SNIFF_BYTES);
  if (sniffed.kind !== 'type') {
    const reason = sniffed.kind === 'refused' ? sniffed.reason : 'its first bytes say nothing';
    throw new AssetError('ASSET_TYPE_REFUSED', `${name} cannot be added: ${reason}.`);
  }
  const type = sniffed.type;
  if (!accept.includes(type)) {
    throw new AssetError('ASSET_TYPE_REFUSED', notTaken(name, type, accept));
  }
  const cap = type === 'json' ? limits.maxJsonAssetBytes : limits.maxAssetBytes;
  if (file.size > cap) {
    throw new AssetError(
      'ASSET_TOO_LARGE',
      `${name} is ${formatBytes(file.size, 'up')}, over the ${formatBytes(cap)} the relay keeps. Make it smaller (as WebP or JPEG an image is often a tenth of its PNG).`,
    );
  }
  return type;
}

/** How a type reads in a sentence. */
export const TYPE_LABEL: Readonly<Record<AssetTypeName, string>> = {
  png: 'a PNG image',
  jpeg: 'a JPEG image',
  webp: 'a WebP image',
  gif: 'a GIF image',
  mp3: 'MP3 audio',
  ogg: 'Ogg audio',
  wav: 'WAV audio',
  json: 'a JSON file',
};

function notTaken(name: string, type: AssetTypeName, accept: readonly AssetTypeName[]): string {
  if (type === 'json') {
    return `${name} is a JSON file. A Universal VTT map (.dd2vtt, .uvtt) becomes a scene with Import map; other JSON is not an asset.`;
  }
  const wanted = accept.map((taken) => taken.toUpperCase()).join(', ');
  return `${name} is ${TYPE_LABEL[type]}; only ${wanted} files are taken here.`;
}
