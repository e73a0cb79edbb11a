import { type Geometry2d, Rectangle2d, ShapeUtil, T, type TLShapePartial } from 'tldraw';
import type { Point } from '../grid/gridGeometry';
import { TokenShell, TokenView } from './TokenDom';
import { tokenBehaviour } from './tokenBehaviour';
import {
  drawnInDom,
  recordCorner,
  shapeOrigin,
  TOKEN_SHAPE_TYPE,
  type TokenShape,
  type TokenShapeProps,
  toDegrees,
} from './tokenShape';

/**
 * Tokens on the campaign board: an image (or initials) in a ring of the owner's colour, a name
 * label, up to two bars and condition markers. Their props come from the campaign's records
 * (tokenShape.ts); what a drag or a turn does is the board's call (tokenBehaviour.ts). They
 * snap to the grid while dragged, never resize, and turn only for GMs.
 */
export class TokenShapeUtil extends ShapeUtil<TokenShape> {
  static override type = TOKEN_SHAPE_TYPE;
  static override props = {
    tokenId: T.string,
    w: T.positiveNumber,
    name: T.string,
    image: T.string,
    bars: T.arrayOf(T.object({ value: T.number, max: T.number, color: T.string })),
    conditions: T.arrayOf(T.string),
    ownerColor: T.string,
    movable: T.boolean,
    hidden: T.boolean,
    pending: T.boolean,
    rejection: T.string,
    turn: T.boolean,
  };

  override getDefaultProps(): TokenShapeProps {
    return {
      tokenId: '',
      w: 50,
      name: '',
      image: '',
      bars: [],
      conditions: [],
      ownerColor: '',
      movable: false,
      hidden: false,
      pending: false,
      rejection: '',
      turn: false,
    };
  }

  override getGeometry(shape: TokenShape): Geometry2d {
    return new Rectangle2d({ width: shape.props.w, height: shape.props.w, isFilled: true });
  }

  override canResize() {
    return false;
  }
  override hideResizeHandles() {
    return true;
  }
  override isAspectRatioLocked() {
    return true;
  }
  override canEdit() {
    return false;
  }
  override canBind() {
    return false;
  }
  override canSnap() {
    return false;
  }
  /**
   * Never culled. The token layer draws tokens and their DOM stays out of layout anyway, so
   * culling them only cost script on every camera move: a pan at 100 % zoom changes which of
   * 2,000 tokens are out of view each frame, and tldraw then rebuilds its culled set and walks
   * every shape's element (about 2 ms a frame, docs/benchmarks.md, the board).
   */
  override canCull() {
    return false;
  }
  override hideRotateHandle(shape: TokenShape) {
    return tokenBehaviour(this.editor)?.canRotate(shape.props.tokenId) !== true;
  }

  override getAriaDescriptor(shape: TokenShape) {
    const { name, hidden, movable, conditions, turn } = shape.props;
    const parts = [`token ${name}`];
    if (turn) parts.push('their turn');
    if (hidden) parts.push('hidden from players');
    if (!movable) parts.push('locked');
    if (conditions.length > 0) parts.push(conditions.join(', '));
    return parts.join(', ');
  }

  /** Snaps to the grid as it is dragged, so the token jumps from cell to cell. */
  override onTranslate(_initial: TokenShape, current: TokenShape) {
    return this.#snapped(current);
  }

  override onTranslateEnd(initial: TokenShape, current: TokenShape) {
    const behaviour = tokenBehaviour(this.editor);
    if (behaviour === undefined) return;
    const side = current.props.w;
    // The record gets the snapped corner itself, not one read back from the shape (which a
    // rotation would blur by a rounding error, enough to count as one more cell).
    const to = roundCorner(behaviour.snap(recordCorner(current, side, current.rotation), side));
    const from = roundCorner(recordCorner(initial, side, initial.rotation));
    if (from.x !== to.x || from.y !== to.y) behaviour.moved(current.props.tokenId, to);
    return this.#snapped(current);
  }

  override onRotateEnd(initial: TokenShape, current: TokenShape) {
    if (initial.rotation === current.rotation) return;
    tokenBehaviour(this.editor)?.rotated(current.props.tokenId, toDegrees(current.rotation));
  }

  component(shape: TokenShape) {
    // The token layer draws the token; its own DOM only when it has something a canvas cannot show.
    if (!drawnInDom(shape.props)) return <TokenShell shape={shape} />;
    return <TokenView shape={shape} onDismiss={(id) => this.#dismiss(id)} />;
  }

  override getIndicatorPath(shape: TokenShape) {
    const r = shape.props.w / 2;
    const path = new Path2D();
    path.arc(r, r, r, 0, 2 * Math.PI);
    return path;
  }

  #dismiss(tokenId: string) {
    tokenBehaviour(this.editor)?.dismissRejection(tokenId);
  }

  /** The shape moved so its token sits on the grid, or undefined when it already does. */
  #snapped(shape: TokenShape): TLShapePartial<TokenShape> | undefined {
    const behaviour = tokenBehaviour(this.editor);
    if (behaviour === undefined) return undefined;
    const side = shape.props.w;
    const corner = recordCorner(shape, side, shape.rotation);
    const snapped = behaviour.snap(corner, side);
    const origin = shapeOrigin(snapped, side, shape.rotation);
    if (Math.abs(origin.x - shape.x) < 1e-6 && Math.abs(origin.y - shape.y) < 1e-6)
      return undefined;
    return { id: shape.id, type: shape.type, x: origin.x, y: origin.y };
  }
}

/** A corner to a thousandth of a pixel: what a rotation's rounding errors leave is dropped. */
function roundCorner(corner: Point): Point {
  return { x: Math.round(corner.x * 1000) / 1000, y: Math.round(corner.y * 1000) / 1000 };
}
