/**
 * The campaign board's shape-visibility rule for tldraw (the `getShapeVisibility` option): a
 * token that fog hides from this viewer is not drawn (fog/fogVisibility.ts). It reads the board
 * tools' atoms, so tldraw re-evaluates it when the fog, the tokens or the viewer change.
 */
import type { Editor, TLShape } from 'tldraw';
import { TOKEN_SHAPE_TYPE, type TokenShape } from '../tokens/tokenShape';
import { toolsOf } from './attachedTools';

/**
 * Pass to `<Tldraw getShapeVisibility={boardShapeVisibility}>`: a module-level function, so the
 * editor is not made again on every render.
 */
export function boardShapeVisibility(shape: TLShape, editor: Editor): 'hidden' | 'inherit' {
  if (shape.type !== TOKEN_SHAPE_TYPE) return 'inherit';
  const tools = toolsOf(editor);
  if (tools === null) return 'inherit';
  const token = tools.tokenById.get().get((shape as TokenShape).props.tokenId);
  return token !== undefined && tools.hidesToken(token) ? 'hidden' : 'inherit';
}
