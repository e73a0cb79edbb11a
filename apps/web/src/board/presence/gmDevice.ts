/**
 * Whether an awareness state comes from a GM's device, for the one presence that grants
 * something: a GM's "look here" ping moves everyone's view. Awareness is writable by anyone, so
 * a claimed user id proves nothing; but every GM device publishes, in the same awareness state, a
 * validator claim signed with its GM's key, bound to that device's client id and fresh for 30 s
 * (packages/campaign validator/leadership.ts). A state that carries such a claim, verified
 * against a GM's key from the members, is a GM's. A player cannot forge one; replaying a GM's
 * claim needs the GM's client id and works only until it goes stale.
 */
import { CLAIM_FIELD, readMembers, verifyValidatorClaim } from '@meshtable/campaign';
import type * as Y from 'yjs';

/** The public keys of the table's GMs, by user id (the members who are GMs). */
export function gmKeysOf(table: Y.Doc): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const [userId, member] of readMembers(table)) {
    if (member.role === 'gm' && member.status === 'member') keys[userId] = member.publicKey;
  }
  return keys;
}

/**
 * Whether the awareness state of `clientId` carries a fresh validator claim signed for this
 * campaign by the GM `userId` (one of `gmKeys`): the device of that GM.
 */
export function isGmDevice(
  raw: Readonly<Record<string, unknown>>,
  clientId: number,
  userId: string,
  gmKeys: Readonly<Record<string, string>>,
  campaignId: string,
  now: number,
): boolean {
  const claim = raw[CLAIM_FIELD];
  return (
    verifyValidatorClaim(claim, clientId, gmKeys, campaignId, now) &&
    (claim as { userId: string }).userId === userId
  );
}
