/**
 * The campaign's asset index (packages/schema assetRecords.ts): the GM's library in the gm doc,
 * and what the GM shared with the players in the table doc. Reading checks every record
 * against its schema (a record that does not fit is left out); writing follows who may write
 * where: any GM device the gm doc, the validating GM's device the table doc.
 */
import { type AssetRecord, assetRecordSchema, GM_MAPS, TABLE_MAPS } from '@meshtable/schema';
import * as Y from 'yjs';
import { AssetError } from './AssetError';
import type { AssetSession } from './AssetSession';

/** An asset as the library lists it. */
export interface LibraryAsset extends AssetRecord {
  /** Whether the players' library lists it too (the table doc's index holds it). */
  readonly shared: boolean;
}

function readMap(map: Y.Map<unknown>, into: Map<string, AssetRecord>): void {
  for (const [key, stored] of map) {
    const json = stored instanceof Y.AbstractType ? stored.toJSON() : stored;
    const checked = assetRecordSchema.safeParse(json);
    if (checked.success && checked.data.sha256 === key) into.set(key, checked.data);
  }
}

/**
 * The assets this viewer's library lists, newest first: on a GM's device the GM's library and
 * whatever is shared; on a player's, what is shared.
 */
export function readLibrary(session: Pick<AssetSession, 'table' | 'gm'>): LibraryAsset[] {
  const shared = new Map<string, AssetRecord>();
  readMap(session.table.getMap(TABLE_MAPS.assets), shared);
  const all = new Map<string, AssetRecord>();
  if (session.gm !== null) readMap(session.gm.getMap(GM_MAPS.assets), all);
  for (const [key, record] of shared) if (!all.has(key)) all.set(key, record);
  return [...all.values()]
    .map((record) => ({ ...record, shared: shared.has(record.sha256) }))
    .sort((a, b) => b.addedAt - a.addedAt || a.name.localeCompare(b.name));
}

/**
 * Calls `listener` after every change of either index.
 * @returns a function that stops listening
 */
export function watchLibrary(
  session: Pick<AssetSession, 'table' | 'gm'>,
  listener: () => void,
): () => void {
  const maps = [session.table.getMap(TABLE_MAPS.assets)];
  if (session.gm !== null) maps.push(session.gm.getMap(GM_MAPS.assets));
  const observer = () => listener();
  for (const map of maps) map.observeDeep(observer);
  return () => {
    for (const map of maps) map.unobserveDeep(observer);
  };
}

function toYRecord(record: AssetRecord): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [field, value] of Object.entries(record)) map.set(field, value);
  return map;
}

/**
 * Lists an asset in the GM's library (the gm doc). An asset listed already keeps the name it
 * was first given.
 * @throws AssetError `ASSET_NOT_GM` on a device without the gm doc
 */
export function addToLibrary(session: Pick<AssetSession, 'gm'>, record: AssetRecord): void {
  const gm = session.gm;
  if (gm === null) {
    throw new AssetError('ASSET_NOT_GM', 'Only a GM adds files to the campaign’s library.');
  }
  const checked = assetRecordSchema.parse(record);
  const index = gm.getMap(GM_MAPS.assets);
  if (index.has(checked.sha256)) return;
  gm.transact(() => index.set(checked.sha256, toYRecord(checked)));
}

/**
 * Shares an asset with the players (their library lists it), or stops sharing it. Stopping
 * takes it off their list; it cannot take back a copy a player already fetched.
 * @throws AssetError `ASSET_NOT_GM`; `ASSET_NOT_VALIDATING` on a GM device that does not run the
 *   table (the table doc has one writer)
 */
export function setAssetShared(
  session: Pick<AssetSession, 'gm' | 'table' | 'writeAsGm'>,
  sha256: string,
  shared: boolean,
): void {
  const record = readLibrary(session).find((asset) => asset.sha256 === sha256);
  if (session.gm === null || record === undefined) {
    throw new AssetError('ASSET_NOT_GM', 'Only a GM shares files from the campaign’s library.');
  }
  const { shared: _was, ...stored } = record;
  const wrote = session.writeAsGm((table) => {
    const index = table.getMap(TABLE_MAPS.assets);
    if (shared) index.set(sha256, toYRecord(stored));
    else index.delete(sha256);
  });
  if (!wrote) {
    throw new AssetError(
      'ASSET_NOT_VALIDATING',
      'Only the GM device that runs the table can share files: open the campaign there.',
    );
  }
}
