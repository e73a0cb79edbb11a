/**
 * What a hostile member can do to the table doc on their own device, bypassing their client:
 * write GM-owned records, forge or delete receipts, delete or rewrite others' log entries, and
 * put forged entries in logs. The GM's audit must undo each of the first kind, the validator
 * must give a forged entry no receipt and no effect, and never let it block the real one, and a
 * client must believe no receipt the GM did not sign, and append again its own entry deleted
 * before the GM saw it.
 */
import { fromYValue, toYValue } from '@meshtable/campaign';
import { intentLogName, TABLE_MAPS } from '@meshtable/schema';
import * as Y from 'yjs';
import type { Person } from './campaignWorld';

/**
 * Where an attack wrote: a GM-owned record (`tokens/t-ana`) or a log (`intents/<userId>`). An
 * append to a log is one too: appended while its owner appends, it may land before an entry
 * the GM has seen, which the audit then puts back in its place.
 */
export type Attack = (context: AttackContext) => string | null;

export interface AttackContext {
  /** The attacker's own copy of the table doc. */
  readonly doc: Y.Doc;
  readonly attacker: Person;
  /** The others, whose logs and records are attacked. */
  readonly victims: readonly Person[];
  readonly gmUserId: string;
  readonly random: () => number;
  /** A number not used before in the run. */
  readonly fresh: () => number;
  /**
   * Whether the attacker may delete this entry of this log. A run may limit deletions to entries
   * the GM's peer has seen, which its audit puts back; an entry it has not seen is appended
   * again by its author's client.
   */
  readonly mayDelete: (logName: string, entry: unknown) => boolean;
}

/** Every attack, by name (the run picks among them). */
export const ATTACKS: Readonly<Record<string, Attack>> = {
  /** Moves someone's token without asking. */
  moveToken: ({ doc, random, fresh }) => {
    const [id, token] = pickRecord(doc, TABLE_MAPS.tokens, random);
    if (!(token instanceof Y.Map)) return null;
    token.set('x', 10_000 + fresh());
    return `${TABLE_MAPS.tokens}/${id}`;
  },
  /** Takes over a token by writing a whole new record over it. */
  replaceToken: ({ doc, attacker, random }) => {
    const [id, token] = pickRecord(doc, TABLE_MAPS.tokens, random);
    if (token === undefined) return null;
    const value = fromYValue(token) as Record<string, unknown>;
    doc
      .getMap(TABLE_MAPS.tokens)
      .set(id, toYValue({ ...value, owners: [attacker.identity.userId] } as never));
    return `${TABLE_MAPS.tokens}/${id}`;
  },
  addToken: ({ doc, attacker, fresh }) => {
    const id = `evil-${fresh()}`;
    doc.getMap(TABLE_MAPS.tokens).set(
      id,
      toYValue({
        id,
        sceneId: 'cellar',
        actorId: null,
        name: 'Dragon',
        image: null,
        x: 0,
        y: 0,
        size: 4,
        rotation: 0,
        bars: [],
        conditions: [],
        owners: [attacker.identity.userId],
      }),
    );
    return `${TABLE_MAPS.tokens}/${id}`;
  },
  deleteToken: ({ doc, random }) => {
    const [id] = pickRecord(doc, TABLE_MAPS.tokens, random);
    if (id === '') return null;
    doc.getMap(TABLE_MAPS.tokens).delete(id);
    return `${TABLE_MAPS.tokens}/${id}`;
  },
  /** Makes themself a GM in their member record. */
  promoteSelf: ({ doc, attacker }) => {
    const record = doc.getMap(TABLE_MAPS.members).get(attacker.identity.userId);
    if (!(record instanceof Y.Map)) return null;
    record.set('role', 'gm');
    return `${TABLE_MAPS.members}/${attacker.identity.userId}`;
  },
  /** Takes a character: owners are the GM's to set, unlike the sheet's data. */
  takeCharacter: ({ doc, attacker, random }) => {
    const [id, actor] = pickRecord(doc, TABLE_MAPS.actors, random);
    if (!(actor instanceof Y.Map)) return null;
    actor.set('owners', [attacker.identity.userId]);
    return `${TABLE_MAPS.actors}/${id}`;
  },
  renameScene: ({ doc, random, fresh }) => {
    const [id, scene] = pickRecord(doc, TABLE_MAPS.scenes, random);
    if (!(scene instanceof Y.Map)) return null;
    scene.set('name', `Mine ${fresh()}`);
    return `${TABLE_MAPS.scenes}/${id}`;
  },
  renameCampaign: ({ doc, fresh }) => {
    const meta = doc.getMap(TABLE_MAPS.meta);
    // Read as JSON: after an audit repair, meta's entries are Y.Maps.
    const campaign = fromYValue(meta.get('campaign')) as Record<string, unknown> | undefined;
    if (campaign === undefined) return null;
    meta.set('campaign', { ...campaign, name: `Cy's ${fresh()}` });
    return `${TABLE_MAPS.meta}/campaign`;
  },
  /** Deletes a receipt, so that its intent might be ruled on again. */
  deleteReceipt: ({ doc, random }) => {
    const [id] = pickRecord(doc, TABLE_MAPS.receipts, random);
    if (id === '') return null;
    doc.getMap(TABLE_MAPS.receipts).delete(id);
    return `${TABLE_MAPS.receipts}/${id}`;
  },
  /** Turns a receipt into a rejection. */
  rewriteReceipt: ({ doc, random }) => {
    const [id, receipt] = pickRecord(doc, TABLE_MAPS.receipts, random);
    if (!(receipt instanceof Y.Map)) return null;
    receipt.set('status', 'rejected');
    receipt.set('reason', 'the GM says no');
    receipt.delete('result');
    return `${TABLE_MAPS.receipts}/${id}`;
  },
  /**
   * Answers another's unanswered intent with a receipt in the GM's name, with a signature that
   * is not the GM's: a rejection of it, or a receipt for another entry with its id (which, if
   * believed, would tell its client to send it again).
   */
  forgeReceipt: ({ doc, victims, gmUserId, random }) => {
    const victim = pick(victims, random);
    const receipts = doc.getMap(TABLE_MAPS.receipts);
    const unanswered = doc
      .getArray(intentLogName(victim.identity.userId))
      .toArray()
      .map((entry) => fromYValue(entry) as Record<string, unknown>)
      .filter(
        ({ id, sig }) => typeof id === 'string' && typeof sig === 'string' && !receipts.has(id),
      );
    if (unanswered.length === 0) return null;
    const { id, sig } = pick(unanswered, random) as { id: string; sig: string };
    const named = random() < 0.5 ? sig : `${sig.slice(0, 85)}${sig.endsWith('A') ? 'B' : 'A'}`;
    const gmSig = randomSignature(random);
    receipts.set(
      id,
      toYValue({
        intentId: id,
        sig: named,
        status: 'rejected',
        reason: 'no',
        by: gmUserId,
        at: 1,
        gmSig,
      }),
    );
    return `${TABLE_MAPS.receipts}/${id}`;
  },
  /** Adds their own key to the GMs' keys in meta. */
  addGmKey: ({ doc, attacker }) => {
    const meta = doc.getMap(TABLE_MAPS.meta);
    const gms = fromYValue(meta.get('gms')) as Record<string, string> | undefined;
    if (gms === undefined) return null;
    const key = Buffer.from(attacker.identity.publicKey).toString('base64url');
    meta.set('gms', { ...gms, [attacker.identity.userId]: key });
    return `${TABLE_MAPS.meta}/gms`;
  },
  /** Deletes an entry of another's intent log. */
  deleteEntry: ({ doc, victims, random, mayDelete }) => {
    const victim = pick(victims, random);
    const name = intentLogName(victim.identity.userId);
    const log = doc.getArray(name);
    const deletable = log
      .toArray()
      .map((entry, index) => ({ entry, index }))
      .filter(({ entry }) => mayDelete(name, fromYValue(entry)));
    if (deletable.length === 0) return null;
    log.delete(pick(deletable, random).index, 1);
    return name;
  },
  /**
   * Puts a tampered copy of another's unanswered entry (same id, same signature, another
   * payload) in front of it, hoping the validator meets the copy first and drops both.
   */
  tamperedCopy: ({ doc, victims, random, fresh }) => {
    const victim = pick(victims, random);
    const log = doc.getArray(intentLogName(victim.identity.userId));
    const receipts = doc.getMap(TABLE_MAPS.receipts);
    const unanswered = log
      .toArray()
      .map((entry, index) => ({ entry: fromYValue(entry) as Record<string, unknown>, index }))
      .filter(({ entry }) => typeof entry.id === 'string' && !receipts.has(entry.id));
    if (unanswered.length === 0) return null;
    const { entry, index } = pick(unanswered, random);
    log.insert(index, [{ ...entry, payload: { tampered: fresh() } }]);
    return intentLogName(victim.identity.userId);
  },
  /** Appends an entry with another's next id and a signature that is not theirs. */
  forgeEntry: ({ doc, victims, random, fresh }) => {
    const victim = pick(victims, random);
    const author = victim.identity.userId;
    const log = doc.getArray(intentLogName(author));
    const seq = log.length + 1 + Math.floor(random() * 2);
    const sig = randomSignature(random);
    log.push([
      {
        v: 1,
        campaign: (
          fromYValue(doc.getMap(TABLE_MAPS.meta).get('campaign')) as { id?: string } | undefined
        )?.id,
        id: `${author}.${seq}`,
        kind: 'token.move',
        payload: { tokenId: victim.tokenId ?? 't-npc', x: 7_000 + fresh(), y: 0 },
        author,
        seq,
        at: 1,
        sig,
      },
    ]);
    return intentLogName(author);
  },
  /** Appends something that is not an intent at all. */
  junkEntry: ({ doc, victims, random, fresh }) => {
    const victim = pick(victims, random);
    doc.getArray(intentLogName(victim.identity.userId)).push([{ hello: fresh() }]);
    return intentLogName(victim.identity.userId);
  },
};

/** 86 base64url characters: the shape of an Ed25519 signature, signed by nobody. */
function randomSignature(random: () => number): string {
  return Array.from({ length: 86 }, () => pick([...'ABCDEFabcdef0123_-'], random)).join('');
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** A random record of a map: its key and stored value, or `['', undefined]` for an empty map. */
function pickRecord(doc: Y.Doc, name: string, random: () => number): [string, unknown] {
  const map = doc.getMap(name);
  const keys = [...map.keys()].sort();
  if (keys.length === 0) return ['', undefined];
  const key = pick(keys, random);
  return [key, map.get(key)];
}
