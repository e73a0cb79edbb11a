/**
 * Where a board lives in its Yjs document. One place for the names, so the binding, the seed and
 * later migrations agree.
 *
 * - `tldraw` (Y.Map<TLRecord>): tldraw's document-scoped records (document, pages, shapes,
 *   bindings, assets) keyed by record id. Session records (camera, selection, instance) stay local.
 * - `meta` (Y.Map): `tldrawSchema` holds the serialized tldraw schema the records were written
 *   with, so a later version can migrate them and an older version can refuse them.
 */

/** Name of the Y.Map holding tldraw records. */
export const TLDRAW_RECORDS_MAP = 'tldraw';
/** Name of the board's metadata Y.Map. */
export const BOARD_META_MAP = 'meta';
/** Key in {@link BOARD_META_MAP} of the serialized tldraw schema (SerializedSchemaV2). */
export const TLDRAW_SCHEMA_KEY = 'tldrawSchema';
