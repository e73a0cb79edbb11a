/**
 * Writes the shapes projected from the records (projectBoard.ts) into the board's tldraw store,
 * changing only what differs. The writes are `mergeRemoteChanges`: the editor does not take them
 * for the viewer's own edits, so they make no undo entries and never reach the listeners that
 * turn the viewer's drags into moves: the board never feeds its own echo back into the records.
 */
import type { TLShape, TLShapeId, TLStore } from 'tldraw';
import { jsonEqual } from '../binding/jsonEqual';
import { SCENE_SHAPE_TYPE } from '../scene/sceneShape';
import { TOKEN_SHAPE_TYPE } from '../tokens/tokenShape';

/** The shape types the projection owns: any other shape in the store is left alone. */
const PROJECTED_TYPES: ReadonlySet<string> = new Set([SCENE_SHAPE_TYPE, TOKEN_SHAPE_TYPE]);

/** Whether the projection owns shapes of this type. */
export function isProjectedShapeType(type: string): boolean {
  return PROJECTED_TYPES.has(type);
}

/** What one application changed. */
export interface AppliedShapes {
  readonly put: number;
  readonly removed: number;
}

/**
 * Makes the store's projected shapes exactly `shapes`.
 * @param hold shapes the viewer is dragging or turning right now: they are not moved under
 *   the pointer (they are still removed when their record goes)
 */
export function applyShapes(
  store: TLStore,
  shapes: readonly TLShape[],
  hold: ReadonlySet<TLShapeId> = new Set(),
): AppliedShapes {
  const wanted = new Map(shapes.map((shape) => [shape.id, shape]));
  const puts: TLShape[] = [];
  const removals: TLShapeId[] = [];
  for (const record of store.allRecords()) {
    if (record.typeName !== 'shape' || !isProjectedShapeType(record.type)) continue;
    if (!wanted.has(record.id)) removals.push(record.id);
  }
  for (const shape of shapes) {
    if (hold.has(shape.id) && store.has(shape.id)) continue;
    if (!jsonEqual(store.get(shape.id), shape)) puts.push(shape);
  }
  if (puts.length > 0 || removals.length > 0) {
    store.mergeRemoteChanges(() => {
      if (removals.length > 0) store.remove(removals);
      if (puts.length > 0) store.put(puts);
    });
  }
  return { put: puts.length, removed: removals.length };
}
