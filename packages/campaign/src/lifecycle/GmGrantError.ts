/**
 * Stable codes of making a member a co-GM (lifecycle/addCoGm.ts). Never renamed. Reading grants
 * does not throw: a grant that does not hold is ignored and reported (lifecycle/gmTrust.ts).
 */
export type GmGrantErrorCode =
  /** The table doc has no campaign in `meta` yet (not synced). */
  | 'GM_GRANT_NO_CAMPAIGN'
  /** The identity granting is not a GM of the campaign (`meta.gms`), or not with this key. */
  | 'GM_GRANT_NOT_A_GM'
  /** No valid member record has this user id. */
  | 'GM_GRANT_NO_SUCH_MEMBER'
  /** The member is not admitted: pending (admit them first), gone, or kicked. */
  | 'GM_GRANT_NOT_ALLOWED'
  /** The member is a GM with a grant already, or is the granting GM. */
  | 'GM_GRANT_ALREADY_GM'
  /** `meta.gmGrants` holds the most grants it may (MAX_GM_GRANTS of @meshtable/schema). */
  | 'GM_GRANT_TOO_MANY'
  /** `now` gave no whole, non-negative time. */
  | 'GM_GRANT_INVALID_OPTIONS';

/** What making a co-GM refuses, with a stable {@link GmGrantErrorCode}. */
export class GmGrantError extends Error {
  override readonly name = 'GmGrantError';

  /**
   * @param code what went wrong, for programs: stable across versions
   * @param message what went wrong, for people
   */
  constructor(
    readonly code: GmGrantErrorCode,
    message: string,
  ) {
    super(message);
  }
}
