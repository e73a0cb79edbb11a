/**
 * Fog edits in the table doc (`fog`, packages/schema fogRecords.ts): reading a scene's, and
 * adding one. Adding is a GM's write: {@link fogEditChanges} says it as a change list, which the
 * board hands to records/gmWrites.ts (written by the validating GM's device, the one writer the
 * audit allows, or sent to it as a `gm.edit` from a GM's other device).
 *
 * Two GM devices that add edits at the same moment both keep them (each edit has a key of its
 * own), and every peer orders them alike (fogMask.ts), so all converge on one mask. An `all`
 * edit deletes the edits its writer has seen before it: they no longer change the mask, so the
 * map does not grow without end; an edit another device added concurrently is not seen, so not
 * deleted, and is ordered by its `seq` like any other.
 */
import { fromYValue, type TableChange } from '@meshtable/campaign';
import type { JsonObject } from '@meshtable/sandbox';
import { type FogEdit, fogEditKey, fogEditSchema, TABLE_MAPS } from '@meshtable/schema';
import type * as Y from 'yjs';
import { BoardWriteError } from '../records/BoardWriteError';
import { compareFogEdits } from './fogMask';

/** A fog edit as a tool makes it: everything but the id, scene and place in the order. */
export type FogEditDraft = FogEdit extends infer E
  ? E extends FogEdit
    ? Omit<E, 'id' | 'sceneId' | 'seq'>
    : never
  : never;

/**
 * The scene's edits as stored, in the order they apply. Entries that are not valid edits, or
 * sit under a key that is not theirs, are left out and reported.
 */
export function readFogEdits(
  table: Y.Doc,
  sceneId: string,
  onInvalid: (key: string, problem: string) => void = () => {},
): FogEdit[] {
  const prefix = `${sceneId}/`;
  const edits: FogEdit[] = [];
  for (const [key, stored] of table.getMap<unknown>(TABLE_MAPS.fog)) {
    if (!key.startsWith(prefix)) continue;
    const checked = fogEditSchema.safeParse(fromYValue(stored));
    if (!checked.success) {
      onInvalid(key, checked.error.issues.map((issue) => issue.message).join('; '));
    } else if (fogEditKey(checked.data.sceneId, checked.data.id) !== key) {
      onInvalid(key, 'the edit is stored under another key than its own');
    } else {
      edits.push(checked.data);
    }
  }
  return edits.sort(compareFogEdits);
}

/**
 * Edits to add to a scene's fog, after every edit this device has seen there, in the order
 * given, as a change list: each new edit set, and the edits a new `all` supersedes deleted.
 * @param newId makes each edit's id (random by default)
 * @param sentSeq the highest `seq` this device has sent for the scene and may not see yet (a GM's
 *   other device, whose edits arrive once the validating one commits them): new edits go after it
 * @returns the edits as they will be stored, and the changes that store them
 * @throws BoardWriteError `BOARD_INVALID_RECORD` when an edit breaks its schema (too many
 *   points, a coordinate out of range)
 */
export function fogEditChanges(
  table: Y.Doc,
  sceneId: string,
  drafts: readonly FogEditDraft[],
  newId: () => string = randomEditId,
  sentSeq = -1,
): { readonly edits: FogEdit[]; readonly changes: TableChange[] } {
  const existing = readFogEdits(table, sceneId);
  let seq = existing.reduce((highest, edit) => Math.max(highest, edit.seq), sentSeq);
  const edits: FogEdit[] = [];
  for (const draft of drafts) {
    seq += 1;
    const checked = fogEditSchema.safeParse({ ...draft, id: newId(), sceneId, seq });
    if (!checked.success) {
      const problems = checked.error.issues.map(
        (issue) => `${issue.path.join('.') || 'edit'}: ${issue.message}`,
      );
      throw new BoardWriteError(
        'BOARD_INVALID_RECORD',
        `This fog edit cannot be stored (${problems.join('; ')}).`,
      );
    }
    edits.push(checked.data);
  }
  const changes: TableChange[] = [];
  const lastAll = edits.findLast((edit) => edit.shape === 'all');
  if (lastAll !== undefined) {
    // Everything this device knows of before the new `all` no longer counts.
    for (const old of existing) {
      changes.push({ op: 'delete', collection: 'fog', id: fogEditKey(sceneId, old.id), path: [] });
    }
  }
  const kept = lastAll === undefined ? edits : edits.slice(edits.indexOf(lastAll));
  for (const edit of kept) {
    const value = { ...edit } as JsonObject;
    changes.push({
      op: 'set',
      collection: 'fog',
      id: fogEditKey(sceneId, edit.id),
      path: [],
      value,
    });
  }
  return { edits, changes };
}

/**
 * Adds edits to a scene's fog straight into `table` ({@link fogEditChanges}, written in one
 * transaction): for a doc this code writes itself, as tests and benchmarks do; the board writes
 * through records/gmWrites.ts.
 * @returns the edits as stored
 * @throws BoardWriteError as {@link fogEditChanges}, writing nothing
 */
export function addFogEdits(
  table: Y.Doc,
  sceneId: string,
  drafts: readonly FogEditDraft[],
  newId: () => string = randomEditId,
): FogEdit[] {
  const { edits, changes } = fogEditChanges(table, sceneId, drafts, newId);
  const map = table.getMap<unknown>(TABLE_MAPS.fog);
  table.transact(() => {
    for (const change of changes) {
      if (change.op === 'set') map.set(change.id, change.value);
      else map.delete(change.id);
    }
  });
  return edits;
}

/** A random id for an edit: 16 base64url characters (96 bits). */
export function randomEditId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_');
}
