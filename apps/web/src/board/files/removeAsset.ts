/**
 * A GM removes an asset from the campaign: the relay gives the table's claim on it up (which
 * frees the room's quota, and deletes the bytes once no room holds them), then the asset leaves
 * the GM's library and, if it was shared, the players'. Records that still use it (assetUses.ts)
 * are left as they are: they show no image afterwards, which the library warns of first.
 */
import { GM_MAPS, TABLE_MAPS } from '@meshtable/schema';
import { AssetError, type AssetSession, readLibrary } from '../../assets';
import type { RemoveFromRelay } from './relayAssetRemoval';

/**
 * Removes `sha256` from the campaign and says how it went, in words for the GM.
 * @throws AssetError `ASSET_NOT_GM`; `ASSET_NOT_VALIDATING` for a shared asset on a GM device
 *   that does not run the table (the players' list has one writer); the relay's failures
 *   (relayAssetRemoval.ts), after which nothing changed
 */
export async function removeLibraryAsset(
  session: AssetSession,
  sha256: string,
  removeFromRelay: RemoveFromRelay,
): Promise<string> {
  const gm = session.gm;
  if (gm === null || session.state().role !== 'gm') {
    throw new AssetError('ASSET_NOT_GM', 'Only a GM removes files from the campaign.');
  }
  const record = readLibrary(session).find((asset) => asset.sha256 === sha256);
  const name = record?.name ?? 'the file';
  if (record?.shared === true && !session.state().validating) {
    // Checked before the relay is asked: nothing must go half-way.
    throw new AssetError(
      'ASSET_NOT_VALIDATING',
      'The players see this file: only the GM device that runs the table can remove it. Open the campaign there.',
    );
  }
  const relay = await removeFromRelay(session.assetRelay, sha256);
  gm.transact(() => gm.getMap(GM_MAPS.assets).delete(sha256));
  if (record?.shared === true) {
    session.writeAsGm((table) => table.getMap(TABLE_MAPS.assets).delete(sha256));
  }
  if (!relay.held)
    return `Removed “${name}” from the library (the relay held no copy for this table).`;
  if (relay.deleted) return `Removed “${name}”: the relay deleted it and freed its space.`;
  const others = relay.otherRooms === 1 ? 'another table' : `${relay.otherRooms} other tables`;
  return `Removed “${name}” and freed its space; the relay keeps the file for ${others} that use it too.`;
}
