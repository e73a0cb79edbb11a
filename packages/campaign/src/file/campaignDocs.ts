/**
 * What campaign export and import check and change in a campaign's two docs: that a table doc
 * and a gm doc are the campaign they claim to be, which assets they reference, whether one doc
 * already holds everything of an update, and the rewrite that makes a copy under new keys.
 */
import { chainCommitment, createSeedChain, RollProtocolError } from '@meshtable/dice';
import { GM_MAPS, GM_TABLE_KEYS_MAP, REKEY_META_KEYS, TABLE_MAPS } from '@meshtable/schema';
import * as Y from 'yjs';
import { fromYValue } from '../doc/yRecords';
import { CampaignError } from '../lifecycle/CampaignError';
import { createCampaignId, createCampaignKey } from '../lifecycle/credentials';
import { KickError } from '../lifecycle/KickError';
import { type CampaignMeta, META_KEYS, readMeta } from '../lifecycle/readCampaign';
import { readTableEpoch, tableRoom } from '../lifecycle/tableEpoch';
import { readSeedChain, writeSeedChain } from '../validator/rollSeeds';

/** A campaign's id and its two secrets. */
export interface CampaignKeys {
  readonly campaignId: string;
  readonly tableKey: string;
  readonly gmKey: string;
}

/** The result of a check: the campaign's meta and table room, or what is wrong, in words. */
export type CampaignCheck =
  | {
      readonly ok: true;
      readonly meta: CampaignMeta;
      /** The table's key epoch: 0 until a kick moves the table to a new key. */
      readonly epoch: number;
      /** The table doc's room: the campaign id in epoch 0, else derived from the table key. */
      readonly room: string;
    }
  | { readonly ok: false; readonly problem: string };

/**
 * Checks that `table` and `gm` are the docs of the campaign `keys` open: see
 * {@link checkTableDoc} and {@link checkGmDoc}.
 */
export function checkCampaignDocs(table: Y.Doc, gm: Y.Doc, keys: CampaignKeys): CampaignCheck {
  const checked = checkTableDoc(table, keys);
  if (!checked.ok) return checked;
  const problem = checkGmDoc(gm, checked.meta);
  return problem === null ? checked : { ok: false, problem };
}

/**
 * Checks that the table doc is the current table of the campaign `keys` open: its meta reads
 * (readMeta) and names the campaign id, its room (`meta.epoch`; the campaign id in epoch 0) is
 * the one the table key opens, and no kick has moved the table on from it since.
 */
export function checkTableDoc(table: Y.Doc, keys: CampaignKeys): CampaignCheck {
  let meta: CampaignMeta | null;
  let current: { epoch: number; room: string } | null;
  try {
    meta = readMeta(table);
    current = readTableEpoch(table);
  } catch (error) {
    if (error instanceof CampaignError) return { ok: false, problem: error.message };
    throw error;
  }
  if (meta === null || current === null) {
    return { ok: false, problem: 'the table doc holds no campaign (its meta has no campaign)' };
  }
  if (meta.campaign.id !== keys.campaignId) {
    return {
      ok: false,
      problem: `the table doc is campaign "${meta.campaign.id}", not "${keys.campaignId}"`,
    };
  }
  let room: string;
  try {
    room = tableRoom(keys.campaignId, current.epoch, keys.tableKey);
  } catch (error) {
    if (error instanceof KickError) return { ok: false, problem: error.message };
    throw error;
  }
  if (room !== current.room) {
    return {
      ok: false,
      problem: `the table doc is of key epoch ${current.epoch}, whose room the table key does not open`,
    };
  }
  const movedTo = rekeyEpoch(table);
  if (movedTo !== null && movedTo > current.epoch) {
    return {
      ok: false,
      problem: `the table doc is the table as it was before a kick moved it to a new key (epoch ${movedTo}); use the current invite link`,
    };
  }
  return { ok: true, meta, epoch: current.epoch, room };
}

/** The epoch `meta.rekey` moves to, read leniently (a kick's own code checks it in full). */
function rekeyEpoch(table: Y.Doc): number | null {
  const rekey = fromYValue(table.getMap<unknown>(TABLE_MAPS.meta).get(REKEY_META_KEYS.rekey));
  const epoch =
    typeof rekey === 'object' && rekey !== null ? (rekey as { epoch?: unknown }).epoch : null;
  return typeof epoch === 'number' ? epoch : null;
}

/**
 * Checks that the gm doc belongs to the campaign whose meta is `meta`: it holds the dice chain
 * whose head meta commits to (the chain is the one thing both docs share).
 * @returns null, or what is wrong
 */
export function checkGmDoc(gm: Y.Doc, meta: CampaignMeta): string | null {
  const head = readChainHead(gm);
  if (!head.ok) return head.problem;
  if (meta.dice === null) return null;
  if (head.chainHead === null) {
    return 'the gm doc has no dice chain, but the table doc commits to one';
  }
  if (head.chainHead !== meta.dice.head) {
    return "the gm doc's dice chain is not the one the table doc commits to (the gm doc of another campaign?)";
  }
  return null;
}

/**
 * The head of the dice chain a gm doc holds, checked (its secret root must hash down to it).
 * @returns `chainHead` null when the doc holds no chain
 */
export function readChainHead(
  gm: Y.Doc,
): { ok: true; chainHead: string | null } | { ok: false; problem: string } {
  try {
    const chain = readSeedChain(gm.getMap(GM_MAPS.validator));
    return { ok: true, chainHead: chain === null ? null : chainCommitment(chain).head };
  } catch (error) {
    if (error instanceof RollProtocolError) {
      return { ok: false, problem: `the gm doc's dice chain is damaged: ${error.message}` };
    }
    throw error;
  }
}

/** Whether a doc holds nothing at all: no item was ever written to it. */
export function isEmptyDoc(doc: Y.Doc): boolean {
  return doc.store.clients.size === 0;
}

/**
 * Which asset field each record map holds, in the table doc and in the gm doc: images, a scene's
 * walls and lights (`geometry`), and the asset index, whose every entry is an asset of the
 * campaign's library even when no record uses it yet.
 */
const ASSET_FIELDS: readonly (readonly ['table' | 'gm', string, string])[] = [
  ['table', TABLE_MAPS.scenes, 'background'],
  ['table', TABLE_MAPS.scenes, 'geometry'],
  ['table', TABLE_MAPS.tokens, 'image'],
  ['table', TABLE_MAPS.actors, 'image'],
  ['table', TABLE_MAPS.handouts, 'image'],
  ['table', TABLE_MAPS.assets, 'sha256'],
  ['gm', GM_MAPS.scenes, 'background'],
  ['gm', GM_MAPS.scenes, 'geometry'],
  ['gm', GM_MAPS.tokens, 'image'],
  ['gm', GM_MAPS.assets, 'sha256'],
];

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The SHA-256 names of the assets the campaign's records reference (scene backgrounds and
 * geometry, token, actor and handout images, hidden ones in the gm doc included) and those its
 * asset index lists, sorted, each once. Reads
 * leniently: a malformed record is not this function's business, its asset field still counts.
 */
export function referencedAssets(table: Y.Doc, gm: Y.Doc): string[] {
  const found = new Set<string>();
  for (const [which, mapName, field] of ASSET_FIELDS) {
    const doc = which === 'table' ? table : gm;
    let records: Y.Map<unknown>;
    try {
      records = doc.getMap<unknown>(mapName);
    } catch {
      // The name holds another type (a damaged or foreign doc): it references nothing.
      continue;
    }
    for (const stored of records.values()) {
      const record = fromYValue(stored);
      if (typeof record !== 'object' || record === null) continue;
      const value = (record as Record<string, unknown>)[field];
      if (typeof value === 'string' && SHA256_HEX.test(value)) found.add(value);
    }
  }
  return [...found].sort();
}

/**
 * Whether `doc` already holds everything `update` carries (every item and every deletion):
 * applying the update to a copy of the doc would change nothing.
 */
export function docHolds(doc: Y.Doc, update: Uint8Array): boolean {
  const have = Y.decodeStateVector(Y.encodeStateVector(doc));
  const need = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update));
  for (const [client, clock] of need) {
    if ((have.get(client) ?? 0) < clock) return false;
  }
  // Items are covered; deletions do not show in a state vector, so try the update on a copy.
  const probe = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(doc));
    let changed = false;
    probe.on('update', () => {
      changed = true;
    });
    Y.applyUpdate(probe, update);
    return !changed;
  } finally {
    probe.destroy();
  }
}

/**
 * Makes the docs a copy of the campaign under a new id and new keys: rewrites
 * `meta.campaign.id`, and commits a fresh dice chain (new secret root in the gm doc, its head in
 * `meta.dice`, nothing revealed). The old chain cannot be kept: both campaigns would reveal the
 * same seeds, and a player who saw a seed revealed in one could pick the nonce of their next
 * roll in the other. The copy starts at key epoch 0 (its room is its id): the kicks' `meta.epoch`
 * and `meta.rekey` go, and so do the original's table keys in the gm doc (`tableKeys`), which
 * must not travel with a copy. Everything else (members, records, logs, receipts) is kept.
 * @param meta the table doc's meta, as checkCampaignDocs read it
 * @returns the copy's id and keys
 */
export function rekeyCampaign(table: Y.Doc, gm: Y.Doc, meta: CampaignMeta): CampaignKeys {
  const keys: CampaignKeys = {
    campaignId: createCampaignId(),
    tableKey: createCampaignKey(),
    gmKey: createCampaignKey(),
  };
  const chain = meta.dice === null ? null : createSeedChain(meta.dice.length);
  table.transact(() => {
    const metaMap = table.getMap<unknown>(TABLE_MAPS.meta);
    metaMap.set(META_KEYS.campaign, { ...meta.campaign, id: keys.campaignId });
    if (chain !== null) metaMap.set(META_KEYS.dice, { ...chainCommitment(chain), revealed: 0 });
    metaMap.delete(REKEY_META_KEYS.epoch);
    metaMap.delete(REKEY_META_KEYS.rekey);
  });
  gm.transact(() => {
    if (chain !== null) writeSeedChain(gm.getMap(GM_MAPS.validator), chain);
    gm.getMap<unknown>(GM_TABLE_KEYS_MAP).clear();
  });
  return keys;
}
