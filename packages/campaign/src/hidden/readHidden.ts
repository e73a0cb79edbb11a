/**
 * What the GM's board reads about hidden records: whether a scene or token is hidden and why,
 * and the hidden records themselves, checked against their schema (a malformed one is left out
 * and reported, as snapshotTable does for the table doc).
 */
import type { Scene, Token } from '@meshtable/schema';
import type * as Y from 'yjs';
import { fromYValue } from '../doc/yRecords';
import { checkHiddenRecord } from './checkHiddenRecord';
import { HiddenPlacement } from './hiddenPlacement';
import { type HiddenCollection, HideReasons, MALFORMED_SCENE } from './hideReasons';

/** Whether a record is hidden, and why. */
export interface HiddenStatus {
  /** Meant to be in the gm doc only (players never receive it). */
  readonly hidden: boolean;
  /** The GM hid this record on its own: it stays hidden when its scene is revealed. */
  readonly own: boolean;
  /**
   * For a token: the scene it is hidden along with (revealing that scene reveals it, unless
   * `own`), or null. A token on a hidden scene is hidden whatever its own reasons are.
   */
  readonly withScene: string | null;
}

/** Reports a hidden record left out because it breaks its schema. */
export type OnInvalidHidden = (collection: HiddenCollection, id: string, problem: string) => void;

/**
 * Whether a scene or token is hidden, and why, by the gm doc's bookkeeping. A GM device reads
 * this; a player's device has no gm doc, and there a hidden record simply does not exist.
 * @example
 * ```ts
 * const status = hiddenStatus(gm, 'tokens', token.id);
 * if (status.hidden && !status.own) badge.title = 'Hidden with its scene';
 * ```
 */
export function hiddenStatus(gm: Y.Doc, collection: HiddenCollection, id: string): HiddenStatus {
  const placement = new HiddenPlacement(null, gm, HideReasons.read(gm));
  const ref = { collection, id };
  const withScene = collection === 'tokens' ? placement.reasons.hiddenWithScene(id) : null;
  return {
    hidden: placement.wantsHidden(ref),
    own: placement.hiddenOnItsOwn(ref),
    withScene: withScene === MALFORMED_SCENE ? null : withScene,
  };
}

/** Whether a scene or token is hidden (see {@link hiddenStatus}). */
export function isHidden(gm: Y.Doc, collection: HiddenCollection, id: string): boolean {
  return hiddenStatus(gm, collection, id).hidden;
}

/** A hidden scene from the gm doc, checked; undefined when there is none or it is malformed. */
export function readHiddenScene(gm: Y.Doc, id: string): Scene | undefined {
  return readChecked(gm, 'scenes', id) as Scene | undefined;
}

/** A hidden token from the gm doc, checked; undefined when there is none or it is malformed. */
export function readHiddenToken(gm: Y.Doc, id: string): Token | undefined {
  return readChecked(gm, 'tokens', id) as Token | undefined;
}

/** Every hidden scene in the gm doc, checked, by id. */
export function listHiddenScenes(gm: Y.Doc, onInvalid: OnInvalidHidden = () => {}): Scene[] {
  return listChecked(gm, 'scenes', onInvalid) as Scene[];
}

/**
 * Every hidden token in the gm doc, checked, by id; only those on `sceneId` when it is given.
 * @example
 * ```ts
 * const hidden = listHiddenTokens(gm, scene.id); // drawn faded, for the GM only
 * ```
 */
export function listHiddenTokens(
  gm: Y.Doc,
  sceneId?: string,
  onInvalid: OnInvalidHidden = () => {},
): Token[] {
  const tokens = listChecked(gm, 'tokens', onInvalid) as Token[];
  return sceneId === undefined ? tokens : tokens.filter((token) => token.sceneId === sceneId);
}

function readChecked(gm: Y.Doc, collection: HiddenCollection, id: string): unknown {
  const map = gm.getMap<unknown>(collection);
  if (!map.has(id)) return undefined;
  const checked = checkHiddenRecord({ collection, id }, fromYValue(map.get(id)));
  return checked.ok ? checked.record : undefined;
}

function listChecked(
  gm: Y.Doc,
  collection: HiddenCollection,
  onInvalid: OnInvalidHidden,
): unknown[] {
  const records: unknown[] = [];
  const ids = [...gm.getMap<unknown>(collection).keys()].sort();
  for (const id of ids) {
    const checked = checkHiddenRecord(
      { collection, id },
      fromYValue(gm.getMap(collection).get(id)),
    );
    if (checked.ok) records.push(checked.record);
    else onInvalid(collection, id, checked.problem);
  }
  return records;
}
