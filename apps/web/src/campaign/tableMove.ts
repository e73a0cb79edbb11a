/**
 * Whether the table has moved on to a new key and room (a kick: docs/campaign.md "Kicking"), and
 * whether this device may follow. Members learn of a kick through the room they are in: a rekey
 * signed by a GM this device trusts, with the new key sealed to each member who stays. GM devices
 * also find each new key in the gm doc (`tableKeys`), which serves when the rekey in the old room
 * is gone (the kicked member can delete it there, once no audit watches that room).
 */
import { fromYValue, type Identity, openRekey, readTableKeys } from '@meshtable/campaign';
import { REKEY_META_KEYS, TABLE_MAPS } from '@meshtable/schema';
import type * as Y from 'yjs';
import type { StoredCampaign } from './campaignStore';

/** What {@link checkTableMove} found. */
export type TableMove =
  /** Nothing to do: no rekey, or one that leads where this device already is. */
  | null
  /** The table moved and the new key opened: follow it there. */
  | {
      readonly kind: 'moved';
      readonly epoch: number;
      readonly room: string;
      readonly tableKey: string;
    }
  /** The table moved without me: I was kicked (or was pending, or had left). */
  | { readonly kind: 'left-behind'; readonly kicked: boolean; readonly message: string }
  /** A rekey that is not to be trusted (forged, altered, malformed): reported, not followed. */
  | { readonly kind: 'problem'; readonly message: string };

/**
 * Reads the table doc (and on GM devices the gm doc) for a move beyond the stored epoch.
 * @param stored where this device keeps the campaign now: a rekey to its epoch or before is old
 */
export function checkTableMove(
  table: Y.Doc,
  gm: Y.Doc | null,
  identity: Identity,
  stored: StoredCampaign,
): TableMove {
  if (gm !== null) {
    const keys = readTableKeys(gm);
    const latest = keys[keys.length - 1];
    if (latest !== undefined && latest.epoch > stored.epoch) {
      return { kind: 'moved', epoch: latest.epoch, room: latest.room, tableKey: latest.tableKey };
    }
  }
  let opened: ReturnType<typeof openRekey>;
  try {
    // Trust what this device joined with, never `meta.gms` as the old room now says it.
    opened = openRekey(table, identity, { campaignId: stored.id, gmIds: stored.gmIds });
  } catch (error) {
    return { kind: 'problem', message: (error as Error).message };
  }
  if (opened === null) return null;
  if (opened.ok) {
    if (opened.epoch <= stored.epoch) return null;
    return {
      kind: 'moved',
      epoch: opened.epoch,
      room: opened.room,
      tableKey: opened.tableKey,
    };
  }
  if (opened.code === 'REKEY_NOT_FOR_YOU') {
    const kicked = readKicked(table) === identity.userId;
    return { kind: 'left-behind', kicked, message: opened.message };
  }
  return { kind: 'problem', message: opened.message };
}

/** Who the rekey of the doc names as kicked (it is signed: openRekey has checked that). */
function readKicked(table: Y.Doc): string | null {
  const stored = table.getMap<unknown>(TABLE_MAPS.meta).get(REKEY_META_KEYS.rekey);
  const rekey = fromYValue(stored) as { kicked?: unknown } | undefined;
  return typeof rekey?.kicked === 'string' ? rekey.kicked : null;
}
