/**
 * Both docs seen together for the hidden records: where each scene or token is now, and where
 * the gm doc's bookkeeping (hideReasons.ts) means it to be.
 *
 * The rule, failing closed at every turn:
 * - a scene is hidden when the GM hid it, or when the gm doc holds it and no reveal of it is
 *   under way (a record put into the gm doc by hand, or by an older build, is hidden, not shown);
 * - a token is hidden for the same reasons, or when it was hidden along with a scene, or when
 *   its scene is hidden (a token is never shown on a scene players cannot see).
 */
import { recordIdSchema } from '@meshtable/schema';
import type * as Y from 'yjs';
import { fromYValue, isJsonObject } from '../doc/yRecords';
import type { HiddenRef, HideReasons } from './hideReasons';

/**
 * Where each record is and where it is meant to be. The bookkeeping may be a move's, changed in
 * memory and not yet written.
 */
export class HiddenPlacement {
  /**
   * @param table the table doc, or null to read the gm doc alone (a token's scene is then read
   *   from its gm copy only)
   */
  constructor(
    readonly table: Y.Doc | null,
    readonly gm: Y.Doc,
    readonly reasons: HideReasons,
  ) {}

  /** The stored JSON of a record in one doc, or undefined. */
  stored(doc: 'table' | 'gm', ref: HiddenRef): unknown {
    const map = this.#map(doc, ref);
    return map?.has(ref.id) === true ? fromYValue(map.get(ref.id)) : undefined;
  }

  has(doc: 'table' | 'gm', ref: HiddenRef): boolean {
    return this.#map(doc, ref)?.has(ref.id) === true;
  }

  /** A token's scene: the gm copy's if there is one (the GM edits that one), else the table's. */
  sceneOf(tokenId: string): string | null {
    const ref: HiddenRef = { collection: 'tokens', id: tokenId };
    const record = this.has('gm', ref) ? this.stored('gm', ref) : this.stored('table', ref);
    if (!isJsonObject(record)) return null;
    const scene = recordIdSchema.safeParse(record.sceneId);
    return scene.success ? scene.data : null;
  }

  sceneHidden(sceneId: string): boolean {
    return this.wantsHidden({ collection: 'scenes', id: sceneId });
  }

  /**
   * Hidden on its own: the GM said so, or the gm doc holds the record with no other reason and
   * no reveal under way. Such a token stays hidden when its scene is revealed.
   */
  hiddenOnItsOwn(ref: HiddenRef): boolean {
    if (this.reasons.hiddenOnItsOwn(ref)) return true;
    if (!this.has('gm', ref) || this.reasons.revealing(ref)) return false;
    return ref.collection === 'scenes' || this.reasons.hiddenWithScene(ref.id) === null;
  }

  /** Whether a reason keeps the record hidden (a reveal under way or not). */
  hiddenByReason(ref: HiddenRef): boolean {
    if (this.reasons.hiddenOnItsOwn(ref)) return true;
    if (ref.collection === 'scenes') return false;
    if (this.reasons.hiddenWithScene(ref.id) !== null) return true;
    const scene = this.sceneOf(ref.id);
    return scene !== null && this.sceneHidden(scene);
  }

  /** Whether the record is meant to be in the gm doc (and not in the table doc). */
  wantsHidden(ref: HiddenRef): boolean {
    return this.hiddenByReason(ref) || (this.has('gm', ref) && !this.reasons.revealing(ref));
  }

  /**
   * A token hidden only because its scene is, with no reason of its own yet (one added to the
   * table while its scene was being hidden, or one whose own reveal waits for its scene):
   * records the scene as its reason, so that revealing the scene reveals it.
   */
  noteSceneReason(tokenId: string): void {
    const ref: HiddenRef = { collection: 'tokens', id: tokenId };
    if (this.hiddenOnItsOwn(ref) || this.reasons.hiddenWithScene(tokenId) !== null) return;
    const scene = this.sceneOf(tokenId);
    if (scene !== null && this.sceneHidden(scene)) this.reasons.setWithScene(tokenId, scene);
  }

  #map(doc: 'table' | 'gm', ref: HiddenRef): Y.Map<unknown> | undefined {
    return (doc === 'table' ? this.table : this.gm)?.getMap<unknown>(ref.collection);
  }
}
