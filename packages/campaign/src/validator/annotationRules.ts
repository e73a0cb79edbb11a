/**
 * The table's rule on annotations: only an annotation's author or a GM may change or erase it,
 * nobody draws in another's name, and the caps of ANNOTATION_LIMITS hold. On a real table doc:
 * the validator rules on `annotation.put` and `annotation.delete` intents with it (GmValidator.ts),
 * and the validating GM's own writes go through it too (docs/board.md "Drawings and text").
 * Annotations are the table's matter, not the game system's: no module is asked.
 */
import {
  ANNOTATION_LIMITS,
  type AnnotationRecord,
  annotationRecordSchema,
  TABLE_MAPS,
} from '@meshtable/schema';
import type * as Y from 'yjs';
import { fromYValue, toYValue } from '../doc/yRecords';

/** The intent kinds of annotations, with their payloads: `{ record }` and `{ id }`. */
export const ANNOTATION_KINDS = Object.freeze({
  put: 'annotation.put',
  delete: 'annotation.delete',
} as const);

/** Reads an annotation intent's payload as an edit, or null when it is neither kind. */
export function annotationEditOf(kind: string, payload: unknown): AnnotationEdit | null {
  const fields =
    typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as { record?: unknown; id?: unknown })
      : {};
  if (kind === ANNOTATION_KINDS.put) return { kind: 'put', record: fields.record };
  if (kind === ANNOTATION_KINDS.delete) {
    return { kind: 'delete', id: typeof fields.id === 'string' ? fields.id : '' };
  }
  return null;
}

/** Who asks: their user id, and whether they are a GM of the table. */
export interface AnnotationAsker {
  readonly userId: string;
  readonly isGm: boolean;
}

/** A change of one annotation: drawn or changed (`put`), or erased (`delete`). */
export type AnnotationEdit =
  | { readonly kind: 'put'; readonly record: unknown }
  | { readonly kind: 'delete'; readonly id: string };

/** The outcome of a ruling: what to write, or why not. */
export type AnnotationVerdict =
  | { readonly ok: true; readonly edit: AnnotationEdit }
  | { readonly ok: false; readonly reason: string };

/** Whether this viewer may change or erase this annotation. */
export function mayChangeAnnotation(
  asker: AnnotationAsker,
  record: Pick<AnnotationRecord, 'author'>,
): boolean {
  return asker.isGm || record.author === asker.userId;
}

/** The table's annotations that pass their schema, by id. */
export function readAnnotations(table: Y.Doc): Map<string, AnnotationRecord> {
  const found = new Map<string, AnnotationRecord>();
  for (const [id, stored] of table.getMap<unknown>(TABLE_MAPS.annotations)) {
    const checked = annotationRecordSchema.safeParse(fromYValue(stored));
    if (checked.success && checked.data.id === id) found.set(id, checked.data);
  }
  return found;
}

/** Checks an edit against the table's annotations; writes nothing. */
export function ruleAnnotationEdit(
  table: Y.Doc,
  asker: AnnotationAsker,
  edit: AnnotationEdit,
): AnnotationVerdict {
  const annotations = readAnnotations(table);
  if (edit.kind === 'delete') {
    const existing = annotations.get(edit.id);
    if (existing === undefined) return no('there is no such drawing');
    if (!mayChangeAnnotation(asker, existing)) return no('only its author or a GM may erase this');
    return { ok: true, edit };
  }
  const checked = annotationRecordSchema.safeParse(edit.record);
  if (!checked.success) {
    return no(`this drawing cannot be kept: ${checked.error.issues[0]?.message ?? 'invalid'}`);
  }
  const record = checked.data;
  const existing = annotations.get(record.id);
  if (existing !== undefined) {
    if (!mayChangeAnnotation(asker, existing)) return no('only its author or a GM may change this');
    if (record.author !== existing.author) return no('a drawing keeps its author');
    if (record.sceneId !== existing.sceneId) return no('a drawing stays on its scene');
    return { ok: true, edit: { kind: 'put', record } };
  }
  if (record.author !== asker.userId) return no('you can only draw as yourself');
  let onScene = 0;
  let mine = 0;
  for (const other of annotations.values()) {
    if (other.sceneId !== record.sceneId) continue;
    onScene++;
    if (other.author === record.author) mine++;
  }
  if (mine >= ANNOTATION_LIMITS.perAuthorPerScene) {
    return no(`you have ${ANNOTATION_LIMITS.perAuthorPerScene} drawings here: erase some first`);
  }
  if (onScene >= ANNOTATION_LIMITS.perScene) {
    return no(`this scene holds ${ANNOTATION_LIMITS.perScene} drawings: erase some first`);
  }
  return { ok: true, edit: { kind: 'put', record } };
}

/** Writes a ruled edit into the table doc (call inside the validating GM's transaction). */
export function applyAnnotationEdit(table: Y.Doc, edit: AnnotationEdit): void {
  const map = table.getMap<unknown>(TABLE_MAPS.annotations);
  if (edit.kind === 'delete') map.delete(edit.id);
  else {
    const record = edit.record as AnnotationRecord;
    map.set(record.id, toYValue(record));
  }
}

function no(reason: string): AnnotationVerdict {
  return { ok: false, reason };
}
