/**
 * The error codes of `PUT`, `GET` and `DELETE /assets/<sha256>`, in one place (docs/errors.md
 * lists them).
 * Every refusal is answered with the code's HTTP status and a JSON body
 * `{ "error": { "code": "ASSET_…", "message": "…" } }`; the message says what to do.
 */

/** Each code and the HTTP status it is answered with. */
export const ASSET_ERROR_STATUS = {
  /** The name is not 64 lowercase hex digits (a SHA-256). */
  ASSET_BAD_NAME: 400,
  /** No room or token, a room that was never claimed, or not the token that claimed it. */
  ASSET_UNAUTHORIZED: 401,
  /** No asset of that name is stored (GET), or the room holds none of that name (DELETE). */
  ASSET_NOT_FOUND: 404,
  /** A method other than PUT, GET, HEAD or DELETE. */
  ASSET_METHOD_NOT_ALLOWED: 405,
  /** The body is larger than the size cap (the JSON cap for JSON), announced or counted. */
  ASSET_TOO_LARGE: 413,
  /** Storing the asset would take the room past its quota. */
  ASSET_QUOTA_EXCEEDED: 413,
  /** The bytes are not one of the allowed types (SVG, HTML, script and the rest are refused). */
  ASSET_TYPE_REFUSED: 415,
  /** The Range asked for starts past the end of the asset. */
  ASSET_RANGE_NOT_SATISFIABLE: 416,
  /** The body does not hash to the name. */
  ASSET_HASH_MISMATCH: 422,
  /** The body starts as JSON but is not one well-formed JSON object. */
  ASSET_JSON_INVALID: 422,
  /** The client went away before the body was complete; nothing is answered, nothing kept. */
  ASSET_UPLOAD_ABORTED: 400,
  /** The relay could not write, read or delete the asset (disk full, I/O error). */
  ASSET_STORAGE_FAILED: 500,
} as const;

/** A stable code of the asset endpoints. */
export type AssetErrorCode = keyof typeof ASSET_ERROR_STATUS;

/** A refusal of an asset request, carrying its stable code. */
export class AssetError extends Error {
  override readonly name = 'AssetError';

  /**
   * @param message what went wrong and what to do, for the client (never a path or a secret)
   * @param cause the underlying error, for the relay's log only
   */
  constructor(
    readonly code: AssetErrorCode,
    message: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }

  /** The HTTP status the refusal is answered with. */
  get status(): number {
    return ASSET_ERROR_STATUS[this.code];
  }
}
