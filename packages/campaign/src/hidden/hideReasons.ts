/**
 * The gm doc's bookkeeping of hidden records (docLayout `GM_MAPS.hiddenOwn`, `hiddenWithScene`,
 * `revealing`), read into memory so that a move can first change it there and see where every
 * record would end up (and check the records it would reveal) before it writes anything.
 *
 * Each reason is its own key, so that two GM devices giving one token different reasons at the
 * same moment (one hides its scene, the other hides the token itself) both keep theirs: Yjs
 * keeps only one of two concurrent writes of a key.
 */
import { GM_MAPS, recordIdSchema, TABLE_MAPS } from '@meshtable/schema';
import type * as Y from 'yjs';

/** The record maps that can hold hidden records: the same names in both docs. */
export type HiddenCollection = 'scenes' | 'tokens';

/** One scene or token, by where it is filed. */
export interface HiddenRef {
  readonly collection: HiddenCollection;
  readonly id: string;
}

/** The transaction origin of every write the hidden-record moves make, in both docs. */
export const HIDDEN_ORIGIN = Symbol('meshtable hidden records');

/** A `hiddenWithScene` entry that names no scene (it still keeps the token hidden). */
export const MALFORMED_SCENE = Symbol('malformed hiddenWithScene entry');

/** The key of a record in `hiddenOwn` and `revealing`. */
export function refKey(ref: HiddenRef): string {
  return `${ref.collection}/${ref.id}`;
}

const REF_KEY = /^(scenes|tokens)\/([A-Za-z0-9_-]{1,64})$/;

type MarkMap = 'hiddenOwn' | 'revealing';
type Write =
  | { readonly map: MarkMap; readonly key: string; readonly value: number | null }
  | { readonly map: 'hiddenWithScene'; readonly key: string; readonly value: string | null };

/**
 * The bookkeeping as read from a gm doc, changed in memory by a move, then written back in the
 * move's gm transaction with {@link HideReasons.writeTo}.
 */
export class HideReasons {
  readonly #marks: Record<MarkMap, Map<string, unknown>>;
  readonly #withScene: Map<string, unknown>;
  readonly #writes: Write[] = [];

  private constructor(
    marks: Record<MarkMap, Map<string, unknown>>,
    withScene: Map<string, unknown>,
  ) {
    this.#marks = marks;
    this.#withScene = withScene;
  }

  /** The bookkeeping in `gm` now. */
  static read(gm: Y.Doc): HideReasons {
    const entries = (name: string) => new Map(gm.getMap<unknown>(name).entries());
    return new HideReasons(
      { hiddenOwn: entries(GM_MAPS.hiddenOwn), revealing: entries(GM_MAPS.revealing) },
      entries(GM_MAPS.hiddenWithScene),
    );
  }

  /** Whether the GM hid this record on its own (any stored value counts: fail closed). */
  hiddenOnItsOwn(ref: HiddenRef): boolean {
    return this.#marks.hiddenOwn.has(refKey(ref));
  }

  /** Whether a reveal of this record is under way. */
  revealing(ref: HiddenRef): boolean {
    return this.#marks.revealing.has(refKey(ref));
  }

  /**
   * The scene this token was hidden along with; {@link MALFORMED_SCENE} for an entry that names
   * no scene, null for none.
   */
  hiddenWithScene(tokenId: string): string | typeof MALFORMED_SCENE | null {
    if (!this.#withScene.has(tokenId)) return null;
    const scene = recordIdSchema.safeParse(this.#withScene.get(tokenId));
    return scene.success ? scene.data : MALFORMED_SCENE;
  }

  /** Every record named in `hiddenOwn` or `revealing`. */
  markedRefs(): HiddenRef[] {
    const refs: HiddenRef[] = [];
    for (const marks of Object.values(this.#marks)) {
      for (const key of marks.keys()) {
        const match = REF_KEY.exec(key);
        if (match === null) continue;
        const collection = match[1] === TABLE_MAPS.scenes ? 'scenes' : 'tokens';
        refs.push({ collection, id: match[2] as string });
      }
    }
    return refs;
  }

  /** Every token with a scene reason, and the scene (or the malformed marker). */
  withSceneEntries(): [string, string | typeof MALFORMED_SCENE][] {
    return [...this.#withScene.keys()].map((tokenId) => [
      tokenId,
      this.hiddenWithScene(tokenId) ?? MALFORMED_SCENE,
    ]);
  }

  /** Keys of `hiddenOwn` and `revealing` that name no scene or token. */
  malformedKeys(): string[] {
    return Object.entries(this.#marks).flatMap(([name, marks]) =>
      [...marks.keys()].filter((key) => !REF_KEY.test(key)).map((key) => `${name} "${key}"`),
    );
  }

  setOwn(ref: HiddenRef, at: number): void {
    this.#mark('hiddenOwn', ref, at);
  }

  clearOwn(ref: HiddenRef): void {
    this.#mark('hiddenOwn', ref, null);
  }

  setRevealing(ref: HiddenRef, at: number): void {
    this.#mark('revealing', ref, at);
  }

  clearRevealing(ref: HiddenRef): void {
    this.#mark('revealing', ref, null);
  }

  setWithScene(tokenId: string, sceneId: string): void {
    if (this.#withScene.get(tokenId) === sceneId) return;
    this.#withScene.set(tokenId, sceneId);
    this.#writes.push({ map: 'hiddenWithScene', key: tokenId, value: sceneId });
  }

  clearWithScene(tokenId: string): void {
    if (!this.#withScene.has(tokenId)) return;
    this.#withScene.delete(tokenId);
    this.#writes.push({ map: 'hiddenWithScene', key: tokenId, value: null });
  }

  /** Whether the changes made in memory write anything. */
  get changed(): boolean {
    return this.#writes.length > 0;
  }

  /** Writes the changes made in memory into `gm` (call inside a gm transaction). */
  writeTo(gm: Y.Doc): void {
    for (const write of this.#writes) {
      const map = gm.getMap<unknown>(GM_MAPS[write.map]);
      if (write.value === null) map.delete(write.key);
      else map.set(write.key, write.value);
    }
    this.#writes.length = 0;
  }

  #mark(name: MarkMap, ref: HiddenRef, value: number | null): void {
    const key = refKey(ref);
    const marks = this.#marks[name];
    // Writing a mark that is there already would only make a concurrent clear of it lose.
    if (marks.has(key) === (value !== null)) return;
    if (value === null) marks.delete(key);
    else marks.set(key, value);
    this.#writes.push({ map: name, key, value });
  }
}
