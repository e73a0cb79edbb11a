/** Why a Universal VTT map (.dd2vtt, .uvtt) could not be read. Codes are in docs/errors.md. */
export type UniversalVttErrorCode =
  /** The file is over the size an import reads ({@link MAX_UNIVERSAL_VTT_BYTES}). */
  | 'UVTT_TOO_LARGE'
  /** Not JSON, or JSON but not an object. */
  | 'UVTT_NOT_JSON'
  /** A field is missing or of the wrong type; the message names it. */
  | 'UVTT_INVALID'
  /** More walls, points, doors or lights than an import takes. */
  | 'UVTT_TOO_MANY'
  /** The map's size in pixels is over what a scene can be. */
  | 'UVTT_MAP_TOO_LARGE'
  /** The embedded image is not valid base64. */
  | 'UVTT_IMAGE_BASE64'
  /** The embedded image is not a PNG, JPEG or WebP. */
  | 'UVTT_IMAGE_TYPE'
  /** The embedded image is over the relay's size cap for an asset. */
  | 'UVTT_IMAGE_TOO_LARGE';

/** A Universal VTT map that could not be read, with a message for the person importing it. */
export class UniversalVttError extends Error {
  override readonly name = 'UniversalVttError';
  constructor(
    readonly code: UniversalVttErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The largest map file an import reads: a 25 MiB image in base64 is about 34 MiB. */
export const MAX_UNIVERSAL_VTT_BYTES = 48 * 1024 * 1024;
