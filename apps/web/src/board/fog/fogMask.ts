/**
 * A scene's fog mask: its edits (packages/schema fogRecords.ts) in the order every peer applies
 * them, and what they add up to: whether a point is fogged, and whether a token is hidden from
 * the players by it.
 *
 * Fog is a view rule, not a security boundary: every member receives the table doc, fog edits
 * and the tokens under them included, and a player's board merely leaves out what is fogged.
 * What players must not know goes into the gm doc (hidden records), never under fog alone.
 */
import type { FogEdit } from '@meshtable/schema';
import type { Point } from '../grid/gridGeometry';
import { type CoverableToken, footprintCentres } from '../measure/templateCoverage';
import type { Box } from '../measure/templateGeometry';
import { editBounds, editCovers } from './fogGeometry';

/** The order edits apply in: by `seq`, then by id (code unit order, the same in every locale). */
export function compareFogEdits(a: FogEdit, b: FogEdit): number {
  if (a.seq !== b.seq) return a.seq - b.seq;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** An edit with its bounds, for quick rejection. */
interface PlacedEdit {
  readonly edit: FogEdit;
  readonly bounds: Box | null;
}

/** One scene's fog, from its edits. Immutable: a change of the edits makes a new mask. */
export class FogMask {
  /** The edits that matter, in order: those after the last `all` (which comes first, if any). */
  readonly edits: readonly FogEdit[];
  /** Whether the scene has any fog edit at all (a scene without has no fog). */
  readonly active: boolean;
  readonly #placed: readonly PlacedEdit[];

  /** @param edits the scene's edits, in any order */
  constructor(edits: readonly FogEdit[]) {
    const ordered = [...edits].sort(compareFogEdits);
    let start = 0;
    for (let i = ordered.length - 1; i >= 0; i--) {
      if (ordered[i]?.shape === 'all') {
        start = i;
        break;
      }
    }
    this.edits = ordered.slice(start);
    this.active = ordered.length > 0;
    this.#placed = this.edits.map((edit) => ({ edit, bounds: editBounds(edit) }));
  }

  /** The mask of a scene that has no fog. */
  static readonly EMPTY = new FogMask([]);

  /** Whether the whole scene starts covered (its last `all` edit hides). */
  get coveredBase(): boolean {
    const first = this.edits[0];
    return first?.shape === 'all' && first.mode === 'hide';
  }

  /** Whether fog covers `point`: the last edit that covers it decides; none, no fog. */
  isFogged(point: Point): boolean {
    for (let i = this.#placed.length - 1; i >= 0; i--) {
      const { edit, bounds } = this.#placed[i] as PlacedEdit;
      if (
        bounds !== null &&
        (point.x < bounds.minX ||
          point.x > bounds.maxX ||
          point.y < bounds.minY ||
          point.y > bounds.maxY)
      ) {
        continue;
      }
      if (editCovers(edit, point)) return edit.mode === 'hide';
    }
    return false;
  }

  /**
   * Whether fog hides a token from the players: when the centre of every cell of its footprint
   * is fogged (measure/templateCoverage.ts footprintCentres), so a large token that stands
   * half in the light shows.
   */
  hidesToken(cellSize: number, token: CoverableToken): boolean {
    if (this.edits.length === 0) return false;
    return footprintCentres(cellSize, token).every((centre) => this.isFogged(centre));
  }
}
