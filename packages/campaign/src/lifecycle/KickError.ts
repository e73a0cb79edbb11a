/**
 * Stable codes of kicking a member and rotating the table key (lifecycle/kick.ts). Never renamed.
 * `KICK_*` and `REKEY_INVALID_INPUT` are thrown as {@link KickError}; opening a rekey does not
 * throw: openRekey answers with one of the {@link RekeyFailureCode}s.
 */
export type KickErrorCode =
  /** The table doc has no campaign in `meta` yet (not synced). */
  | 'KICK_NO_CAMPAIGN'
  /** The identity kicking is not a GM of the campaign (`meta.gms`), or not with this key. */
  | 'KICK_NOT_A_GM'
  /** No valid member record has this user id. */
  | 'KICK_NO_SUCH_MEMBER'
  /** The member is a GM (co-GMs are not kicked), or the GM themself. */
  | 'KICK_NOT_ALLOWED'
  /** The member was kicked already. */
  | 'KICK_ALREADY_KICKED'
  /** This table doc already has a GM's rekey out of it: kick in the new room. */
  | 'KICK_ROOM_RETIRED'
  /** `now` gave no whole, non-negative time, or more members stay than one rekey seals to. */
  | 'KICK_INVALID_OPTIONS'
  /** tableRoom was given an epoch that is not a whole number ≥ 0, or a key that is not 16 bytes. */
  | 'REKEY_INVALID_INPUT'
  /** `meta.rekey` is not a rekey, is for another campaign, or skips an epoch. */
  | 'REKEY_MALFORMED'
  /** The rekey is not signed by a GM of the campaign, or its signature does not cover it. */
  | 'REKEY_BAD_SIGNATURE'
  /** The rekey is genuine but holds no key for this member: they were kicked, left, or pending. */
  | 'REKEY_NOT_FOR_YOU'
  /** The rekey is signed, but the key sealed to this member does not open with their key. */
  | 'REKEY_TAMPERED';

/** The codes openRekey can answer with. */
export type RekeyFailureCode =
  | 'REKEY_MALFORMED'
  | 'REKEY_BAD_SIGNATURE'
  | 'REKEY_NOT_FOR_YOU'
  | 'REKEY_TAMPERED';

/** What kicking refuses, with a stable {@link KickErrorCode}. */
export class KickError extends Error {
  override readonly name = 'KickError';

  /**
   * @param code what went wrong, for programs: stable across versions
   * @param message what went wrong, for people
   */
  constructor(
    readonly code: KickErrorCode,
    message: string,
  ) {
    super(message);
  }
}
