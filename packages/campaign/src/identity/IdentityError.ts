/**
 * Stable codes of {@link IdentityError}: a key, an identity file or a stored identity that
 * cannot be used. Never renamed; each says what to do in its doc comment.
 */
export type IdentityErrorCode =
  /** A name or colour is not acceptable (names: 1 to 100 characters; colours: `#rrggbb`). */
  | 'IDENTITY_INVALID_PROFILE'
  /** A key is not 32 bytes, not canonical base64url, or not a usable Ed25519 key. */
  | 'IDENTITY_INVALID_KEY'
  /** The text is not JSON, not an identity file, or a field is missing or malformed. */
  | 'IDENTITY_INVALID_FILE'
  /** The identity file is of a format version this build does not read. */
  | 'IDENTITY_UNSUPPORTED_VERSION'
  /** The file's secret key does not belong to its public key: the file was altered. */
  | 'IDENTITY_KEY_MISMATCH'
  /** The file's userId is not the hash of its public key: the file was altered. */
  | 'IDENTITY_USER_ID_MISMATCH'
  /** This realm has no IndexedDB (a browser's private mode may disable it), or it refused to open. */
  | 'IDENTITY_STORE_UNAVAILABLE'
  /** IndexedDB failed to read or write (for example, the disk quota is used up). */
  | 'IDENTITY_STORE_FAILED'
  /** A stored identity is malformed or inconsistent; remove it and import a saved copy. */
  | 'IDENTITY_STORE_CORRUPT';

/** An identity that cannot be made, read or stored, with a stable {@link IdentityErrorCode}. */
export class IdentityError extends Error {
  override readonly name = 'IdentityError';

  /**
   * @param code what went wrong, for programs: stable across versions
   * @param message what went wrong, for people
   */
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
  ) {
    super(message);
  }
}
