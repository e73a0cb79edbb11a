/**
 * Fog edits in the table doc (`fog`, packages/schema fogRecords.ts): reading a scene's, and
 * adding one. Adding is a GM's write: call {@link addFogEdits} inside `session.writeAsGm`, which
 * runs it as the validating GM's device, the one writer the audit allows.
 *
 * Two GM devices that add edits at the same moment both keep them (each edit has a key of its
 * own), and every peer orders them alike (fogMask.ts), so all converge on one mask. An `all`
 * edit deletes the edits its writer has seen before it: they no longer change the mask, so the
 * map does not grow without end; an edit another device added concurrently is not seen, so not
 * deleted, and is ordered by its `seq` like any other.
 */
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
    const checked = fogEditSchema.safeParse(stored);
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
 * Adds edits to a scene's fog, after every edit this device has seen there, in the order given.
 * Run it inside `session.writeAsGm` (one transaction).
 * @param newId makes each edit's id (random by default)
 * @returns the edits as stored
 * @throws BoardWriteError `BOARD_INVALID_RECORD`, writing nothing, when an edit breaks its schema
 *   (too many points, a coordinate out of range)
 */
export function addFogEdits(
  table: Y.Doc,
  sceneId: string,
  drafts: readonly FogEditDraft[],
  newId: () => string = randomEditId,
): FogEdit[] {
  const existing = readFogEdits(table, sceneId);
  let seq = existing.reduce((highest, edit) => Math.max(highest, edit.seq), -1);
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
  const map = table.getMap<unknown>(TABLE_MAPS.fog);
  table.transact(() => {
    const lastAll = edits.findLast((edit) => edit.shape === 'all');
    if (lastAll !== undefined) {
      // Everything this device knows of before the new `all` no longer counts.
      for (const old of existing) map.delete(fogEditKey(sceneId, old.id));
    }
    const kept = lastAll === undefined ? edits : edits.slice(edits.indexOf(lastAll));
    for (const edit of kept) map.set(fogEditKey(sceneId, edit.id), { ...edit });
  });
  return edits;
}

/** Deletes every fog edit of a scene (the scene itself is being deleted). */
export function deleteSceneFog(table: Y.Doc, sceneId: string): void {
  const map = table.getMap<unknown>(TABLE_MAPS.fog);
  const prefix = `${sceneId}/`;
  table.transact(() => {
    for (const key of [...map.keys()]) if (key.startsWith(prefix)) map.delete(key);
  });
}

/** A random id for an edit: 16 base64url characters (96 bits). */
export function randomEditId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_');
}
