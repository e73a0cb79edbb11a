import { defaultBindingUtils, defaultShapeUtils, EmbedShapeUtil } from 'tldraw';

/**
 * The shape and binding utils of a board. The store's schema and the editor must use the same
 * list, so both import it from here.
 *
 * Embeds get no definitions: tldraw's defaults would turn a pasted YouTube or Figma link into an
 * iframe of that site, and the page must load nothing from outside its origin. Links become
 * bookmarks instead (see `keepContentLocal`).
 */
const LocalOnlyEmbedShapeUtil = EmbedShapeUtil.configure({ embedDefinitions: [] });

/** tldraw's default shapes, with embeds disabled. Stable identity: define once, never inline. */
export const BOARD_SHAPE_UTILS = [
  ...defaultShapeUtils.filter((util) => util.type !== 'embed'),
  LocalOnlyEmbedShapeUtil,
];

/** tldraw's default bindings (arrows). */
export const BOARD_BINDING_UTILS = defaultBindingUtils;
