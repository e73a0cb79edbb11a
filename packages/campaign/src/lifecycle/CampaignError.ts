/**
 * Stable codes of {@link CampaignError}: a campaign that cannot be created or read, or an invite
 * link that cannot be made. Never renamed. (Parsing a link does not throw: parseInviteLink
 * returns one of the `INVITE_*` codes.)
 */
export type CampaignErrorCode =
  /** createCampaign's options break a record's schema (a name, the system pin, the settings). */
  | 'CAMPAIGN_INVALID_OPTIONS'
  /** The table doc's `meta` is there but malformed: the message names each field. */
  | 'CAMPAIGN_INVALID_META'
  /** `meta.schemaVersion` is newer than this build reads: update the app. */
  | 'CAMPAIGN_UNSUPPORTED_VERSION'
  /** A hide or reveal names a scene or token in neither doc, or deleteHidden a shown one. */
  | 'HIDDEN_NO_SUCH_RECORD'
  /**
   * A record to reveal breaks its schema in the gm doc, or a record to add hidden breaks it: the
   * message names each record and field. Nothing was written.
   */
  | 'HIDDEN_INVALID_RECORD'
  /** A record to add hidden has the id of a scene or token already in either doc. */
  | 'HIDDEN_RECORD_EXISTS'
  /** The link is not an http(s) URL (or `#/…` fragment) whose fragment is `#/join/<id>/<key>`. */
  | 'INVITE_INVALID_LINK'
  /** The campaign id is not 1 to 64 of `A–Z a–z 0–9 _ -`. */
  | 'INVITE_INVALID_CAMPAIGN_ID'
  /** The table key is not 16 bytes as 22 characters of canonical base64url (cut short?). */
  | 'INVITE_INVALID_TABLE_KEY'
  /** The relay is not an absolute http(s) URL without credentials or fragment. */
  | 'INVITE_INVALID_RELAY_URL'
  /** The link's `epoch` is not one whole number from 1 (epoch 0 is written as no `epoch`). */
  | 'INVITE_INVALID_EPOCH'
  /**
   * The link's `gm` is not 1 to 8 distinct user ids joined by `.` (an id cut short or damaged,
   * an empty list, too many, one twice), or appears twice.
   */
  | 'INVITE_INVALID_GM_IDS';

/** What the campaign lifecycle refuses, with a stable {@link CampaignErrorCode}. */
export class CampaignError extends Error {
  override readonly name = 'CampaignError';

  /**
   * @param code what went wrong, for programs: stable across versions
   * @param message what went wrong, for people
   */
  constructor(
    readonly code: CampaignErrorCode,
    message: string,
  ) {
    super(message);
  }
}
