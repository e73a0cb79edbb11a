/**
 * Caps that keep every notation cheap to roll: no notation can hang a peer or the GM's validator.
 */
export const DICE_LIMITS = {
  /** Dice in one term (`1000d6` is fine, `1001d6` is refused). */
  maxDicePerTerm: 1000,
  /** Dice rolled for a whole notation, explosions and rerolls included. */
  maxDicePerRoll: 10_000,
  /** Sides of a die: the seeded dice stream draws from 1 to 2^32. */
  maxSides: 2 ** 32,
  /** Extra dice one die may spawn by exploding (and faces one compounding die may add). */
  maxExplosionsPerDie: 100,
  /** Times one die may be rerolled. */
  maxRerollsPerDie: 100,
  /** Length of a notation, in characters. */
  maxNotationLength: 2000,
  /** Entries in one group `{a, b, …}`. */
  maxGroupEntries: 100,
  /** Nesting depth of parentheses, groups and functions. */
  maxDepth: 32,
} as const;
