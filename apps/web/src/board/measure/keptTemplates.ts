/**
 * The templates a GM keeps on a scene: the table doc's `templates` map (packages/schema
 * templateRecords.ts), stored as records are (a Y.Map per object, packages/campaign toYValue).
 * Keeping and removing are GM writes: the board says them as changes
 * ({@link keptTemplateChange}, {@link removedTemplateChange}) for records/gmWrites.ts, which
 * writes them on the validating GM's device or sends them from a GM's other one.
 */
import { fromYValue, type TableChange, toYValue } from '@meshtable/campaign';
import type { JsonObject } from '@meshtable/sandbox';
import {
  TABLE_MAPS,
  type TemplateRecord,
  type TemplateShape,
  templateRecordSchema,
} from '@meshtable/schema';
import type * as Y from 'yjs';
import { randomEditId } from '../fog/fogEdits';
import { BoardWriteError } from '../records/BoardWriteError';

/** The templates kept on a scene, by id. Malformed entries are left out and reported. */
export function readKeptTemplates(
  table: Y.Doc,
  sceneId: string,
  onInvalid: (id: string, problem: string) => void = () => {},
): TemplateRecord[] {
  const kept: TemplateRecord[] = [];
  for (const [id, stored] of table.getMap<unknown>(TABLE_MAPS.templates)) {
    const checked = templateRecordSchema.safeParse(fromYValue(stored));
    if (!checked.success) {
      onInvalid(id, checked.error.issues.map((issue) => issue.message).join('; '));
    } else if (checked.data.id !== id) {
      onInvalid(id, 'the template is stored under another id than its own');
    } else if (checked.data.sceneId === sceneId) {
      kept.push(checked.data);
    }
  }
  return kept.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * A template to keep on a scene, checked.
 * @throws BoardWriteError `BOARD_INVALID_RECORD` when it does not fit its schema (out of bounds,
 *   a colour that is not one)
 */
export function keptTemplateRecord(
  sceneId: string,
  shape: TemplateShape,
  color: string,
  id: string = randomEditId(),
): TemplateRecord {
  const checked = templateRecordSchema.safeParse({ id, sceneId, shape, color });
  if (!checked.success) {
    throw new BoardWriteError(
      'BOARD_INVALID_RECORD',
      `This template cannot be kept (${checked.error.issues.map((issue) => issue.message).join('; ')}).`,
    );
  }
  return checked.data;
}

/** Keeping a (checked) template, as a change. */
export function keptTemplateChange(record: TemplateRecord): TableChange {
  return {
    op: 'set',
    collection: 'templates',
    id: record.id,
    path: [],
    value: record as unknown as JsonObject,
  };
}

/** Removing a kept template, as a change. */
export function removedTemplateChange(id: string): TableChange {
  return { op: 'delete', collection: 'templates', id, path: [] };
}

/**
 * Keeps a template on a scene straight into `table`: for a doc this code writes itself (tests);
 * the board writes through records/gmWrites.ts.
 * @returns the record as stored
 * @throws BoardWriteError as {@link keptTemplateRecord}, writing nothing
 */
export function keepTemplate(
  table: Y.Doc,
  sceneId: string,
  shape: TemplateShape,
  color: string,
  id: string = randomEditId(),
): TemplateRecord {
  const record = keptTemplateRecord(sceneId, shape, color, id);
  table.getMap<unknown>(TABLE_MAPS.templates).set(id, toYValue(record));
  return record;
}

/** Removes a kept template straight from `table` (tests; the board: {@link removedTemplateChange}). */
export function removeKeptTemplate(table: Y.Doc, id: string): void {
  table.getMap<unknown>(TABLE_MAPS.templates).delete(id);
}
