/**
 * For tests of the client: a campaign with a player and a token, docs synced by hand, and a
 * stand-in for the GM validator that picks what to rule on the way GmValidator does (by id, the
 * first entry with an id it meets, the receipt naming that entry's signature), with the ruling
 * itself chosen by the test.
 */
import {
  INTENT_LOG_PREFIX,
  type Receipt,
  receiptSchema,
  TABLE_MAPS,
  type Token,
} from '@meshtable/schema';
import * as Y from 'yjs';
import { fromYValue, toYValue } from '../doc/yRecords';
import type { Identity } from '../identity/identity';
import type { Intent } from '../intents/intent';
import { verifyIntent } from '../intents/verifyIntent';
import { type CreatedCampaign, createCampaign } from '../lifecycle/createCampaign';
import { memberRecord, tokenRecord } from '../testing/records';
import { signReceipt } from '../validator/receiptSignature';

export const SYSTEM = { id: 'srd5e', version: '1.2.0', sha256: 'ab'.repeat(32) } as const;

/** A token "Bram" on the cellar at (70, 70) owned by `owner`. */
export function tokenOf(id: string, owner: string): Token {
  return tokenRecord(id, 'cellar', { name: 'Bram', owners: [owner] });
}

/** A campaign run by `gm`, with `player` admitted and owning token `t1`. */
export function campaignWithPlayer(gm: Identity, player: Identity): CreatedCampaign {
  const created = createCampaign({ gm, name: 'Tomb', system: SYSTEM, diceChainLength: 8 });
  created.table.transact(() => {
    created.table
      .getMap(TABLE_MAPS.members)
      .set(player.userId, toYValue(memberRecord(player, 'player')));
    created.table.getMap(TABLE_MAPS.tokens).set('t1', toYValue(tokenOf('t1', player.userId)));
  });
  return created;
}

/** Brings every doc up to date with every other, as a round of sync would. */
export function syncAll(...docs: Y.Doc[]): void {
  for (const from of docs) {
    for (const to of docs) {
      if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
    }
  }
}

/** What the stand-in GM decides for an intent of its log's author that verifies. */
export type Ruling =
  | { readonly status: 'applied'; readonly result?: string | number }
  | { readonly status: 'rejected'; readonly reason: string };

/**
 * Rules on every log entry whose id has no receipt yet, as GmValidator does: an entry counts only
 * if its id is its log author's (`author.<seq>`) and it has a signature; the first entry with an
 * id gets the receipt, filed under that id with the entry's `sig`, and a later entry with that id
 * is never ruled on. An entry that does not verify, or is by someone else, is rejected; otherwise
 * `decide` rules. The receipt is signed by `gm`, as the validator signs. In the receipt's transaction an applied `token.move` moves the token and an
 * applied `join` adds a pending member.
 * @returns the receipts written, in order
 */
export function ruleAll(
  table: Y.Doc,
  gm: Identity,
  decide: (intent: Intent) => Ruling = () => ({ status: 'applied' }),
): Receipt[] {
  const written: Receipt[] = [];
  const receipts = table.getMap<unknown>(TABLE_MAPS.receipts);
  const logNames = [...table.share.keys()].filter((key) => key.startsWith(INTENT_LOG_PREFIX));
  for (const name of logNames.sort()) {
    const author = name.slice(INTENT_LOG_PREFIX.length);
    for (const stored of table.getArray<unknown>(name).toArray()) {
      const entry = fromYValue(stored) as Intent;
      const { id, sig } = entry;
      if (typeof id !== 'string' || !id.startsWith(`${author}.`) || typeof sig !== 'string')
        continue;
      if (receipts.has(id)) continue;
      const member = fromYValue(table.getMap(TABLE_MAPS.members).get(author)) as
        | { publicKey: string }
        | undefined;
      const key = member?.publicKey ?? (entry.payload as { publicKey: string }).publicKey;
      const verified = verifyIntent(entry, key);
      let ruling: Ruling;
      if (!verified.ok) {
        ruling = { status: 'rejected', reason: verified.message };
      } else if (verified.intent.author !== author) {
        ruling = { status: 'rejected', reason: 'the intent is not by the owner of its log' };
      } else {
        ruling = decide(verified.intent);
      }
      const receipt = receiptSchema.parse(
        signReceipt({ intentId: id, sig, by: gm.userId, at: 2, ...ruling }, gm),
      );
      table.transact(() => {
        if (ruling.status === 'applied' && entry.kind === 'token.move') {
          const { tokenId, x, y } = entry.payload as { tokenId: string; x: number; y: number };
          const token = table.getMap(TABLE_MAPS.tokens).get(tokenId) as Y.Map<unknown>;
          token.set('x', x);
          token.set('y', y);
        }
        if (ruling.status === 'applied' && entry.kind === 'join') {
          const { publicKey, name, color } = entry.payload as Record<string, string>;
          const member = { userId: author, publicKey, name, color, role: 'player', since: 2 };
          table
            .getMap(TABLE_MAPS.members)
            .set(author, toYValue({ ...member, status: 'pending' } as never));
        }
        receipts.set(id, toYValue(receipt as never));
      });
      written.push(receipt);
    }
  }
  return written;
}
