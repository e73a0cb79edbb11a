/**
 * The board's annotation layer: keeps tldraw's draw, text, arrow and geo shapes of the viewed
 * scene equal to the table's annotations, and sends what the viewer draws, changes or erases.
 *
 * - Records → shapes: after any change of the annotations map, or of what the board shows (the
 *   viewed scene, the viewer's role), the scene's annotations are projected
 *   (annotationShapes.ts) and only the differences written, as remote changes, so they never
 *   come back as the viewer's edits. Another's annotation is locked: tldraw will not select,
 *   move or erase it.
 * - Shapes → records: the viewer's own edits of annotation shapes are collected and, once the
 *   pointer is up and no text is being typed, sent: the validating GM's device checks them with
 *   the table's rule and writes them (`writeAsGm`); everyone else sends `annotation.put` /
 *   `annotation.delete` intents, which the GM's validator rules on with the same rule. A
 *   shape waiting for its receipt stays as the viewer left it; a refused one goes back, with the
 *   reason.
 */
import {
  ANNOTATION_KINDS,
  type AnnotationAsker,
  type AnnotationEdit,
  applyAnnotationEdit,
  readAnnotations,
  ruleAnnotationEdit,
} from '@meshtable/campaign';
import { type AnnotationRecord, TABLE_MAPS } from '@meshtable/schema';
import type { Editor, TLShape, TLShapeId } from 'tldraw';
import { jsonEqual } from '../binding/jsonEqual';
import type { BoardSession } from '../campaignBoard/boardSession';
import {
  annotationIdOfShape,
  annotationShapeId,
  annotationShapes,
  isAnnotationShapeType,
  shapeToAnnotation,
} from './annotationShapes';

/** What the layer needs to know of the board: the viewed scene and who looks. */
export interface DrawingView {
  readonly sceneId: string | null;
  readonly viewer: AnnotationAsker & { readonly canAct: boolean };
  readonly validating: boolean;
}

/** How long the viewer's edits settle before they are sent (ms). */
const SETTLE_MS = 250;

/** Binds one editor's annotation shapes to one session's annotations. */
export class DrawingLayer {
  readonly #session: BoardSession;
  readonly #editor: Editor;
  readonly #onFailure: (reason: string) => void;
  readonly #cleanups: (() => void)[] = [];
  /** Shapes the viewer changed, not yet sent. */
  readonly #dirty = new Set<TLShapeId>();
  /** Annotations sent and not yet answered: id → the last intent's id. */
  readonly #pending = new Map<string, string>();
  #view: DrawingView;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #disposed = false;

  constructor(
    session: BoardSession,
    editor: Editor,
    view: DrawingView,
    onFailure: (reason: string) => void,
  ) {
    this.#session = session;
    this.#editor = editor;
    this.#view = view;
    this.#onFailure = onFailure;
    const map = session.table.getMap<unknown>(TABLE_MAPS.annotations);
    const observer = () => this.refresh();
    map.observeDeep(observer);
    const mark = (shape: TLShape, source: 'user' | 'remote') => {
      if (source !== 'user' || !isAnnotationShapeType(shape.type)) return;
      this.#dirty.add(shape.id);
      this.#schedule();
    };
    const { sideEffects } = editor;
    this.#cleanups.push(
      () => map.unobserveDeep(observer),
      sideEffects.registerAfterCreateHandler('shape', (shape, source) => mark(shape, source)),
      sideEffects.registerAfterChangeHandler('shape', (_, shape, source) => mark(shape, source)),
      sideEffects.registerAfterDeleteHandler('shape', (shape, source) => mark(shape, source)),
    );
    this.refresh();
  }

  /** Follows the board to another scene or role. */
  setView(view: DrawingView): void {
    if (jsonEqual(view, this.#view)) return;
    const sceneChanged = view.sceneId !== this.#view.sceneId;
    this.#view = view;
    if (sceneChanged) this.#flush(true);
    this.refresh();
  }

  /** Makes the store's annotation shapes the records' (the viewer's unsent and pending aside). */
  refresh(): void {
    if (this.#disposed) return;
    const editor = this.#editor;
    const { sceneId, viewer } = this.#view;
    const records = readAnnotations(this.#session.table);
    const asker = viewer.canAct ? viewer : { userId: '', isGm: false };
    const wanted =
      sceneId === null
        ? []
        : annotationShapes(records.values(), sceneId, asker, editor.getCurrentPageId());
    const kept = new Set<TLShapeId>(this.#dirty);
    const editing = editor.getEditingShapeId();
    if (editing !== null) kept.add(editing);
    for (const id of this.#pending.keys()) kept.add(annotationShapeId(id));
    const store = editor.store;
    const wantedIds = new Set(wanted.map((shape) => shape.id));
    const removals: TLShapeId[] = [];
    for (const shape of editor.getCurrentPageShapes()) {
      if (!isAnnotationShapeType(shape.type) || wantedIds.has(shape.id) || kept.has(shape.id))
        continue;
      removals.push(shape.id);
    }
    const puts = wanted.filter(
      (shape) => !kept.has(shape.id) && !jsonEqual(store.get(shape.id), shape),
    );
    if (puts.length === 0 && removals.length === 0) return;
    store.mergeRemoteChanges(() => {
      if (removals.length > 0) store.remove(removals);
      if (puts.length > 0) store.put(puts);
    });
  }

  /** Stops following the records and the canvas; sends nothing more. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }

  #schedule(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#flush(false);
    }, SETTLE_MS);
  }

  /** Sends the settled edits; with `now`, whatever is not being typed, pointer or not. */
  #flush(now: boolean): void {
    if (this.#disposed || this.#dirty.size === 0) return;
    const editor = this.#editor;
    if (!now && (editor.inputs.isPointing || editor.inputs.isDragging)) {
      this.#schedule();
      return;
    }
    const editing = editor.getEditingShapeId();
    const records = readAnnotations(this.#session.table);
    for (const shapeId of [...this.#dirty]) {
      if (shapeId === editing) continue;
      this.#dirty.delete(shapeId);
      this.#send(shapeId, records);
    }
    if (this.#dirty.size > 0) this.#schedule();
    this.refresh();
  }

  #send(shapeId: TLShapeId, records: ReadonlyMap<string, AnnotationRecord>): void {
    const id = annotationIdOfShape(shapeId);
    const existing = records.get(id);
    const shape = this.#editor.getShape(shapeId);
    const { sceneId, viewer } = this.#view;
    if (shape === undefined) {
      if (existing !== undefined) this.#submit(id, { kind: 'delete', id });
      return;
    }
    if (sceneId === null || !viewer.canAct) {
      this.#onFailure('drawings are kept on a scene, by members of the table');
      return;
    }
    const made = shapeToAnnotation(shape, {
      sceneId: existing?.sceneId ?? sceneId,
      author: existing?.author ?? viewer.userId,
      at: existing?.at ?? Date.now(),
    });
    if (!made.ok) {
      this.#onFailure(made.reason);
      return;
    }
    if (existing !== undefined && jsonEqual(existing, made.record)) return;
    this.#submit(id, { kind: 'put', record: made.record });
  }

  #submit(id: string, edit: AnnotationEdit): void {
    const session = this.#session;
    const { viewer, validating } = this.#view;
    if (viewer.isGm && validating) {
      const verdict = ruleAnnotationEdit(session.table, viewer, edit);
      if (!verdict.ok) {
        this.#onFailure(verdict.reason);
        return;
      }
      session.writeAsGm((table) => applyAnnotationEdit(table, verdict.edit));
      return;
    }
    const ticket =
      edit.kind === 'put'
        ? session.intents.request(ANNOTATION_KINDS.put, { record: edit.record as never })
        : session.intents.request(ANNOTATION_KINDS.delete, { id: edit.id });
    this.#pending.set(id, ticket.id);
    // Only the last edit's answer ends the wait: an earlier one is already overtaken.
    const settle = (reason: string | null) => {
      if (this.#pending.get(id) === ticket.id) this.#pending.delete(id);
      if (reason !== null) this.#onFailure(reason);
      this.refresh();
    };
    ticket.receipt.then(
      (receipt) => settle(receipt.status === 'rejected' ? receipt.reason : null),
      (error: unknown) => settle(error instanceof Error ? error.message : String(error)),
    );
  }
}
