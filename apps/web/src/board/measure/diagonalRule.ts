/**
 * How the game system counts a diagonal step on a square grid: the module manifest's
 * `grid.diagonals` (packages/sandbox manifest.ts allows exactly these three).
 *
 * - `equal`: every diagonal step is one cell (5-5-5 ft: SRD 5.1's default, and the default here).
 * - `alternate`: the first diagonal is one cell, the second two, the third one… (5-10-5 ft), the
 *   count carried along a whole path, waypoints included.
 * - `euclidean`: the straight-line length between cell centres (a diagonal step is √2 cells).
 *
 * Hex grids count hexes whatever the rule says, and scenes without a grid measure the straight
 * line in the scene's units.
 */

/** A rule for counting diagonal steps on square grids. */
export type DiagonalRule = 'equal' | 'alternate' | 'euclidean';

/** The rule when the game system names none (SRD 5.1's: every diagonal step is one cell). */
export const DEFAULT_DIAGONAL_RULE: DiagonalRule = 'equal';

const RULES: readonly DiagonalRule[] = ['equal', 'alternate', 'euclidean'];

/**
 * The diagonal rule of a loaded game system: `rules.manifest.grid.diagonals` (a SandboxModule
 * carries its manifest; the session types it more narrowly, so it is read defensively here).
 * @param rules the session's rules host, or null while none is loaded
 * @returns the module's rule, or {@link DEFAULT_DIAGONAL_RULE} when it names none
 */
export function diagonalRuleOf(rules: unknown): DiagonalRule {
  const diagonals = field(field(field(rules, 'manifest'), 'grid'), 'diagonals');
  return RULES.find((rule) => rule === diagonals) ?? DEFAULT_DIAGONAL_RULE;
}

function field(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    return (value as Record<string, unknown>)[name];
  } catch {
    // A getter that throws (a closed sandbox module) reads as no rule at all.
    return undefined;
  }
}
