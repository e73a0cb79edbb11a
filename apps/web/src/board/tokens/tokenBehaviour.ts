/**
 * What a token shape does when it is dragged, turned or dismissed: the campaign board decides
 * (it knows the scene's grid, who is looking and how to write a move), the shape util asks.
 *
 * tldraw makes one util per editor, from a class the store's schema also needs, so the class
 * stays static and the board registers its behaviour for its editor here.
 */
import type { Editor } from 'tldraw';
import type { Point } from '../grid/gridGeometry';

/** The campaign board's answers to a token shape. */
export interface TokenBehaviour {
  /** Where a token whose footprint is `side` pixels and whose unrotated corner is at `corner` snaps to. */
  snap(corner: Point, side: number): Point;
  /** The viewer dropped the token with this unrotated corner: write or request the move. */
  moved(tokenId: string, corner: Point): void;
  /** The viewer turned the token to `degrees`. */
  rotated(tokenId: string, degrees: number): void;
  /** Whether the viewer may turn this token (GMs only: a turn is not a move intent). */
  canRotate(tokenId: string): boolean;
  /** The viewer closed the refusal shown on the token. */
  dismissRejection(tokenId: string): void;
}

const behaviours = new WeakMap<Editor, TokenBehaviour>();

/** Registers the behaviour of the tokens of `editor`; returns a function that removes it. */
export function setTokenBehaviour(editor: Editor, behaviour: TokenBehaviour): () => void {
  behaviours.set(editor, behaviour);
  return () => {
    if (behaviours.get(editor) === behaviour) behaviours.delete(editor);
  };
}

/** The behaviour registered for `editor`, if any (tokens do nothing without one). */
export function tokenBehaviour(editor: Editor): TokenBehaviour | undefined {
  return behaviours.get(editor);
}
