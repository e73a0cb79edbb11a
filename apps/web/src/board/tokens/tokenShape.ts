/**
 * A token record as a tldraw shape, and back: pure functions, so the mapping is tested without
 * an editor.
 *
 * Records and shapes place a token differently. A token record's `x`, `y` is the top-left
 * corner of its unrotated footprint, and `rotation` (degrees, clockwise) turns it about its
 * centre; a tldraw shape's `x`, `y` is its own top-left corner, which rotation (radians) turns
 * about. So a rotated token's shape origin is its record corner turned about the centre.
 */
import type { Member, Token, TokenBar } from '@meshtable/schema';
import type { TLShape, TLShapeId } from 'tldraw';
import { type GridLayout, type Point, tokenFootprint } from '../grid/gridGeometry';

/** The tldraw shape type of tokens. */
export const TOKEN_SHAPE_TYPE = 'mt-token';

declare module 'tldraw' {
  export interface TLGlobalShapePropsMap {
    [TOKEN_SHAPE_TYPE]: TokenShapeProps;
  }
}

/** A token on the campaign board, as tldraw stores it (drawn by TokenShapeUtil.tsx). */
export type TokenShape = TLShape<typeof TOKEN_SHAPE_TYPE>;

/** What a token shape draws; everything is derived from records, for this viewer. */
export interface TokenShapeProps {
  /** The token record's id. */
  tokenId: string;
  /** The side of its square footprint in scene pixels (size in cells × cell size). */
  w: number;
  name: string;
  /** The image's URL, or '' for none (the token draws its initials). */
  image: string;
  bars: TokenBar[];
  conditions: string[];
  /** The first owner's colour, or '' for a token no player owns. */
  ownerColor: string;
  /** Whether this viewer may drag it. */
  movable: boolean;
  /** Hidden from the players (lives in the gm doc): drawn translucent, for GMs only. */
  hidden: boolean;
  /** This viewer asked to move it and the GM has not ruled yet: drawn as a ghost. */
  pending: boolean;
  /** Why the GM refused this viewer's last move of it, or ''. */
  rejection: string;
  /** It is this token's turn in a running encounter (combat): drawn with a glowing ring. */
  turn: boolean;
}

/** Who is looking at the board. */
export interface BoardViewer {
  readonly userId: string;
  /** A GM moves every token. */
  readonly isGm: boolean;
  /** False while the viewer may move nothing at all (not admitted yet, kicked). */
  readonly canAct: boolean;
}

/** A token as the board shows it: the record (with the viewer's pending move laid over it). */
export interface TokenView {
  readonly token: Token;
  readonly hidden: boolean;
  readonly pending: boolean;
  readonly rejection: string | null;
  readonly bars: readonly TokenBar[];
  /** Whether it is this token's turn in a running encounter (apps/web/src/combat). */
  readonly turn?: boolean;
}

/**
 * Whether a token is drawn by its own DOM rather than by the token layer's canvas
 * (TokenCanvasLayer.tsx): while it shows a refusal, whose button must be clickable, or the
 * viewer's move waiting for the GM (the ghost, with its "moving…" label). Few tokens at a time.
 */
export function drawnInDom(props: Pick<TokenShapeProps, 'pending' | 'rejection'>): boolean {
  return props.pending || props.rejection !== '';
}

/** The shape id of a token record. */
export function tokenShapeId(tokenId: string): TLShapeId {
  return `shape:token-${tokenId}` as TLShapeId;
}

/** The token record id of a token shape id, or null for another shape. */
export function tokenIdOfShape(shapeId: string): string | null {
  return shapeId.startsWith('shape:token-') ? shapeId.slice('shape:token-'.length) : null;
}

/** Whether the viewer may drag the token: GMs always, players the tokens they own. */
export function canMoveToken(viewer: BoardViewer, token: Pick<Token, 'owners'>): boolean {
  if (!viewer.canAct) return false;
  return viewer.isGm || token.owners.includes(viewer.userId);
}

/** Degrees (records) to radians (tldraw). */
export function toRadians(degrees: number): number {
  return (((degrees % 360) + 360) % 360) * (Math.PI / 180);
}

/** Radians (tldraw) to degrees (records), in [0, 360), rounded to a hundredth. */
export function toDegrees(radians: number): number {
  const degrees = (radians * 180) / Math.PI;
  return Math.round((((degrees % 360) + 360) % 360) * 100) / 100 || 0;
}

/** The shape origin of a token whose unrotated top-left corner is `corner`. */
export function shapeOrigin(corner: Point, side: number, radians: number): Point {
  const half = side / 2;
  const centre = { x: corner.x + half, y: corner.y + half };
  const turned = rotate({ x: -half, y: -half }, radians);
  return { x: centre.x + turned.x, y: centre.y + turned.y };
}

/** The unrotated top-left corner (the record's `x`, `y`) of a token shape at `origin`. */
export function recordCorner(origin: Point, side: number, radians: number): Point {
  const half = side / 2;
  const turned = rotate({ x: half, y: half }, radians);
  return { x: origin.x + turned.x - half, y: origin.y + turned.y - half };
}

/** What a token shape needs besides the token itself. */
export interface TokenShapeContext {
  readonly viewer: BoardViewer;
  readonly grid: Pick<GridLayout, 'size'>;
  readonly members: ReadonlyMap<string, Pick<Member, 'color'>>;
  readonly assetUrl: (sha256: string) => string;
}

/** A token shape's placement and props (the parts the board computes from records). */
export interface TokenShapeFields {
  readonly id: TLShapeId;
  readonly x: number;
  readonly y: number;
  readonly rotation: number;
  readonly isLocked: boolean;
  readonly opacity: number;
  readonly props: TokenShapeProps;
}

/** The translucency of a hidden token on the GM's board. */
export const HIDDEN_TOKEN_OPACITY = 0.5;

/** A token as a shape, for this viewer. */
export function tokenShapeFields(view: TokenView, context: TokenShapeContext): TokenShapeFields {
  const { token } = view;
  const side = tokenFootprint(context.grid, token.size);
  const radians = toRadians(token.rotation);
  const origin = shapeOrigin({ x: token.x, y: token.y }, side, radians);
  const movable = canMoveToken(context.viewer, token);
  const owner = token.owners.map((id) => context.members.get(id)).find((m) => m !== undefined);
  return {
    id: tokenShapeId(token.id),
    x: origin.x,
    y: origin.y,
    rotation: radians,
    isLocked: !movable,
    opacity: view.hidden ? HIDDEN_TOKEN_OPACITY : 1,
    props: {
      tokenId: token.id,
      w: side,
      name: token.name,
      image: token.image === null ? '' : context.assetUrl(token.image),
      bars: view.bars.map((bar) => ({ ...bar })),
      conditions: [...token.conditions],
      ownerColor: owner?.color ?? '',
      movable,
      hidden: view.hidden,
      pending: view.pending,
      rejection: view.rejection ?? '',
      turn: view.turn === true,
    },
  };
}

/** The initials of a name: up to two letters, for a token without an image. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [name.trim()];
  return letters
    .map((word) => [...(word ?? '')].slice(0, words.length > 1 ? 1 : 2).join(''))
    .join('')
    .toUpperCase();
}

function rotate(point: Point, radians: number): Point {
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  return { x: point.x * cos - point.y * sin, y: point.x * sin + point.y * cos };
}
