/**
 * For the tests of this folder: a campaign made with packages/campaign, members written as a
 * validating GM would write them, and docs synced by hand.
 */
import { type CreatedCampaign, createCampaign, type Identity, toYValue } from '@meshtable/campaign';
import { memberRecord } from '@meshtable/campaign/testing';
import { type Member, TABLE_MAPS } from '@meshtable/schema';
import * as Y from 'yjs';

/** A pin of a game system; the tests here never run its rules. */
export const SYSTEM = { id: 'template', version: '0.1.0', sha256: 'ab'.repeat(32) } as const;

/** A campaign run by `gm`, named Tomb. */
export function newCampaign(gm: Identity): CreatedCampaign {
  return createCampaign({ gm, name: 'Tomb', system: SYSTEM, diceChainLength: 8 });
}

/** Writes `who` into the members as `status` (a player). */
export function putMember(table: Y.Doc, who: Identity, status: Member['status']): void {
  table.getMap(TABLE_MAPS.members).set(who.userId, toYValue(memberRecord(who, 'player', status)));
}

/** Brings `to` up to date with `from`, as a round of sync would. */
export function syncInto(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}
