/**
 * Admitting a player who asked to join: their member record goes from `pending` to `member`.
 * There is no intent kind for it (packages/campaign rules on a `join`, and settings.autoAdmit
 * admits at once); a member record is a GM-owned record, which only the validating GM's peer
 * writes, so the GM's screen writes it through `session.writeAsGm`.
 */
import { readMembers, toYValue } from '@meshtable/campaign';
import { type Member, TABLE_MAPS } from '@meshtable/schema';
import * as Y from 'yjs';

/** The members who asked to join and wait for a GM, oldest request first. */
export function pendingMembers(table: Y.Doc): Member[] {
  return [...readMembers(table).values()]
    .filter((member) => member.status === 'pending')
    .sort((a, b) => a.since - b.since || (a.userId < b.userId ? -1 : 1));
}

/**
 * Admits a pending member: call inside `writeAsGm`. Anyone not pending is left as they are.
 * @returns whether the member was pending and is now admitted
 */
export function admitMember(table: Y.Doc, userId: string): boolean {
  const member = readMembers(table).get(userId);
  if (member?.status !== 'pending') return false;
  const members = table.getMap<unknown>(TABLE_MAPS.members);
  const stored = members.get(userId);
  // Field by field where the record is a Y.Map, so a concurrent change of another field stays.
  if (stored instanceof Y.Map) stored.set('status', 'member');
  else members.set(userId, toYValue({ ...member, status: 'member' }));
  return true;
}
