/**
 * Stable codes of {@link CampaignTransferError}: why `meshtable campaign export|import` did not
 * happen, or did not finish. Never renamed; docs/errors.md lists them. The command prints
 * `<code>: <message>` and exits 3.
 */
export type CampaignTransferErrorCode =
  /** The campaign file is not JSON, breaks the format (the message names the field or line), or
   * its docs do not hold the campaign it names. */
  | 'CAMPAIGN_FILE_INVALID'
  /** The campaign file was written by a newer Meshtable (`meshtableCampaign` above 2). */
  | 'CAMPAIGN_FILE_UNSUPPORTED_VERSION'
  /** The file ends early: inside a line, or before the bytes of an asset its index lists. */
  | 'CAMPAIGN_FILE_TRUNCATED'
  /** The header line is longer than any campaign file's can be. */
  | 'CAMPAIGN_FILE_LINE_TOO_LONG'
  /** An asset line's data is not base64 (a character outside the alphabet, misplaced padding,
   * a length that is not a multiple of 4). */
  | 'CAMPAIGN_FILE_BASE64_INVALID'
  /** An asset line's bytes do not hash to the name it gives them. */
  | 'CAMPAIGN_FILE_ASSET_HASH_MISMATCH'
  /** An asset line holds more or fewer bytes than the index gives for that asset. */
  | 'CAMPAIGN_FILE_ASSET_SIZE_MISMATCH'
  /** An asset line names an asset that the index does not list with bytes. */
  | 'CAMPAIGN_FILE_ASSET_UNKNOWN'
  /** Two asset lines name the same asset. */
  | 'CAMPAIGN_FILE_ASSET_DUPLICATE'
  /** The relay refused a room (close 4401): the key is not the one that claimed it. */
  | 'RELAY_REFUSED'
  /** The relay could not be reached, dropped the connection, or did not answer in time. */
  | 'RELAY_FAILED'
  /** Export: the relay holds nothing in the campaign's room (a wrong id, or the wrong relay). */
  | 'RELAY_ROOM_EMPTY'
  /** A room holds something else: another campaign, a malformed one, or a gm doc whose dice chain
   * is not the one the campaign commits to. */
  | 'RELAY_ROOM_CONFLICT'
  /** Export with `--strict`: an asset the docs reference cannot go into the file (the relay
   * does not have it, or it is larger than a campaign file holds). */
  | 'RELAY_ASSET_MISSING'
  /** Export: the relay served an asset whose bytes do not hash to its name (its copy is
   * damaged). */
  | 'RELAY_ASSET_DAMAGED'
  /** Import: the relay refused an asset upload (quota, size, type); the message carries the
   * relay's own code. The docs are in by then. */
  | 'RELAY_ASSET_REFUSED';

/** Why a campaign could not be exported or imported, with a stable code. */
export class CampaignTransferError extends Error {
  override readonly name = 'CampaignTransferError';

  /**
   * @param code what went wrong, for programs: stable across versions
   * @param message what went wrong, for people
   */
  constructor(
    readonly code: CampaignTransferErrorCode,
    message: string,
  ) {
    super(message);
  }
}
