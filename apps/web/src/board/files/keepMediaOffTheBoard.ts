import type { Editor } from 'tldraw';

/** tldraw's shape and asset types that hold a picture or a film in the page. */
const MEDIA_TYPES = new Set(['image', 'video']);

/**
 * Keeps tldraw's images and videos off the campaign board: its default handlers turn a dropped
 * or pasted file (and pasted SVG text) into a tldraw asset held in this page alone, which no
 * peer would see and no record would keep. Files reach the board through BoardDropTarget
 * instead (uploaded, then a token or a background); until it is mounted, and on a board without
 * an asset session, files are ignored. A picture that comes another way (tldraw content pasted
 * from the free board) is taken off again as soon as it lands.
 */
export function keepMediaOffTheBoard(editor: Editor): void {
  editor.registerExternalContentHandler('files', null);
  editor.registerExternalContentHandler('file-replace', null);
  editor.registerExternalContentHandler('svg-text', null);
  editor.registerExternalAssetHandler('file', null);
  editor.sideEffects.registerAfterCreateHandler('shape', (shape, source) => {
    if (source === 'user' && MEDIA_TYPES.has(shape.type)) editor.deleteShapes([shape.id]);
  });
  editor.sideEffects.registerAfterCreateHandler('asset', (asset, source) => {
    if (source === 'user' && MEDIA_TYPES.has(asset.type)) editor.deleteAssets([asset.id]);
  });
}
