/**
 * Token records for the board's e2e tests: a plain one-cell token in a grid cell, the way most
 * tests place their heroes and goblins.
 */
import type { Token } from '@meshtable/schema';

/** Where a plain token goes, and who owns it. */
export interface CellToken {
  readonly id: string;
  readonly sceneId: string;
  readonly name: string;
  readonly col: number;
  readonly row: number;
  /** The grid's cell, scene px. */
  readonly cell: number;
  readonly owners?: readonly string[];
}

/**
 * A one-cell token with no actor, image, bars or conditions, in cell (col, row).
 * @example cellToken({ id: 'goblin', sceneId: 'crypt', name: 'Goblin', col: 5, row: 3, cell: 70 })
 */
export function cellToken(token: CellToken): Token {
  return {
    id: token.id,
    sceneId: token.sceneId,
    actorId: null,
    name: token.name,
    image: null,
    x: token.col * token.cell,
    y: token.row * token.cell,
    size: 1,
    rotation: 0,
    bars: [],
    conditions: [],
    owners: [...(token.owners ?? [])],
  };
}
