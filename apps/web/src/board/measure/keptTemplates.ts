/**
 * The templates a GM keeps on a scene: the table doc's `templates` map (packages/schema
 * templateRecords.ts), stored as records are (a Y.Map per object, packages/campaign toYValue).
 * Keeping and removing are GM writes: run them inside `session.writeAsGm`.
 */
import { fromYValue, toYValue } from '@meshtable/campaign';
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
 * Keeps a template on a scene. Run it inside `session.writeAsGm`.
 * @returns the record as stored
 * @throws BoardWriteError `BOARD_INVALID_RECORD`, writing nothing, when it does not fit its schema
 *   (out of bounds, a colour that is not one)
 */
export function keepTemplate(
  table: Y.Doc,
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
  table.getMap<unknown>(TABLE_MAPS.templates).set(id, toYValue(checked.data));
  return checked.data;
}

/** Removes a kept template. Run it inside `session.writeAsGm`. */
export function removeKeptTemplate(table: Y.Doc, id: string): void {
  table.getMap<unknown>(TABLE_MAPS.templates).delete(id);
}

/** Removes every template kept on a scene (the scene is being deleted). Run it inside `writeAsGm`. */
export function removeSceneTemplates(table: Y.Doc, sceneId: string): void {
  for (const record of readKeptTemplates(table, sceneId)) removeKeptTemplate(table, record.id);
}
