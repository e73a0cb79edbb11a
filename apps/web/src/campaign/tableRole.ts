/**
 * What I am at this table, read from the table doc: a GM when my key is among the GMs this
 * device trusts (its pinned roots and the co-GMs their grants add: packages/campaign
 * gmTrust.ts), never merely because `meta.gms` says so (anyone in the room can write there for a
 * moment); otherwise what my member record says.
 */
import { type GmTrust, readMembers } from '@meshtable/campaign';
import type * as Y from 'yjs';
import type { TableRole } from './CampaignSession';

/**
 * @param table the table doc
 * @param userId my user id
 * @param trust whom this device trusts as GM, pinned once for the session
 */
export function readTableRole(table: Y.Doc, userId: string, trust: GmTrust): TableRole {
  const gms = trust.keys();
  if (gms !== null && Object.hasOwn(gms, userId)) return 'gm';
  // readMembers leaves out (and would report) a record that is malformed or under a wrong id.
  const member = readMembers(table).get(userId);
  switch (member?.status) {
    case 'member':
      return member.role === 'player' ? 'player' : 'none';
    case 'pending':
      return 'pending';
    case 'kicked':
      return 'kicked';
    default:
      // No record yet, or `left`: not at the table (a new join request would ask again).
      return 'none';
  }
}
