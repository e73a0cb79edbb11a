/**
 * The tokens a scene's hide or reveal concerns: those on the scene (by `sceneId`, in either doc)
 * and those hidden along with it, wherever they stand now.
 */
import { TABLE_MAPS } from '@meshtable/schema';
import type * as Y from 'yjs';
import { fromYValue, isJsonObject } from '../doc/yRecords';
import { type HiddenRef, HideReasons } from './hideReasons';

/** Every token on `sceneId` or hidden along with it, in either doc, by id. */
export function tokensOfScene(table: Y.Doc, gm: Y.Doc, sceneId: string): HiddenRef[] {
  const ids = new Set<string>();
  for (const doc of [table, gm]) {
    for (const [id, stored] of doc.getMap<unknown>(TABLE_MAPS.tokens)) {
      const record = fromYValue(stored);
      if (isJsonObject(record) && record.sceneId === sceneId) ids.add(id);
    }
  }
  for (const [tokenId, scene] of HideReasons.read(gm).withSceneEntries()) {
    if (scene === sceneId) ids.add(tokenId);
  }
  return [...ids].sort().map((id) => ({ collection: 'tokens', id }));
}
