/**
 * Stable codes of {@link CampaignTransferError}: why `meshtable campaign export|import` did not
 * happen. Never renamed; docs/errors.md lists them. The command prints `<code>: <message>` and
 * exits 3.
 */
export type CampaignTransferErrorCode =
  /** The campaign file is not JSON, breaks the format (the message names the field), or its docs
   * do not hold the campaign it names. */
  | 'CAMPAIGN_FILE_INVALID'
  /** The campaign file was written by a newer Meshtable (`meshtableCampaign` above 1). */
  | 'CAMPAIGN_FILE_UNSUPPORTED_VERSION'
  /** The relay refused a room (close 4401): the key is not the one that claimed it. */
  | 'RELAY_REFUSED'
  /** The relay could not be reached, dropped the connection, or did not answer in time. */
  | 'RELAY_FAILED'
  /** Export: the relay holds nothing in the campaign's room (a wrong id, or the wrong relay). */
  | 'RELAY_ROOM_EMPTY'
  /** A room holds something else: another campaign, a malformed one, or a gm doc whose dice chain
   * is not the one the campaign commits to. */
  | 'RELAY_ROOM_CONFLICT';

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
