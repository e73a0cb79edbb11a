/**
 * The structured result of a roll: enough for the UI to draw a roll card (every die with its
 * flags), for game-system modules to read the dice, and for any peer to verify the roll.
 */

/** Faces of a die: a number of sides, or 'F' for a Fudge/Fate die (−1, 0, +1). */
export type DieSides = number | 'F';

/** One die as it finally stands, with everything that happened to it. */
export interface DieRoll {
  /** The sides of the die. */
  readonly sides: DieSides;
  /** The face that counts: after rerolls, min/max and penetration; the chain's sum when compounded. */
  readonly value: number;
  /** False when a keep/drop modifier dropped it: it does not count toward the total. */
  readonly kept: boolean;
  /** This die met the explode compare point and spawned the die after it (or, compounded, grew). */
  readonly exploded: boolean;
  /** This die was spawned by a penetrating explosion (`!p`): its face had 1 subtracted. */
  readonly penetrated: boolean;
  /** Faces this die showed before rerolls replaced them, oldest first (empty when none). */
  readonly rerolls: readonly number[];
  /** For a compounding die (`!!`): every face of the chain, in order (empty otherwise). */
  readonly compounded: readonly number[];
  /** It met the success compare point of a success pool (`>=N`, …). */
  readonly success: boolean;
  /** It met the failure compare point (`f<N`) of a success pool. */
  readonly failure: boolean;
  /** It met the critical success point (`cs`, or the die's maximum by default). */
  readonly criticalSuccess: boolean;
  /** It met the critical failure point (`cf`, or 1 by default). */
  readonly criticalFailure: boolean;
}

/** The result of one dice term such as `4d6kh3` or `8d6>=5`. */
export interface DiceTermRoll {
  readonly kind: 'dice';
  /** The term as written, normalized (e.g. `4d6kh3`). */
  readonly notation: string;
  /** The label written after the term, e.g. `fire` for `2d6[fire]`. */
  readonly label: string | null;
  /** Every die, in the order rolled (sorting modifiers reorder them). */
  readonly dice: readonly DieRoll[];
  /** True for a success pool: the value counts successes (minus failures), not faces. */
  readonly successPool: boolean;
  /** What the term contributes: the sum of kept dice, or the success count for a pool. */
  readonly value: number;
}

/** The result of a group such as `{4d6+2d8, 3d20}k2`: each sub-roll is kept or dropped whole. */
export interface GroupRoll {
  readonly kind: 'group';
  readonly notation: string;
  readonly label: string | null;
  /** The group's expressions, with the dice terms rolled inside each. */
  readonly entries: readonly GroupEntry[];
  readonly successPool: boolean;
  readonly value: number;
}

/** One expression of a group. */
export interface GroupEntry {
  readonly notation: string;
  readonly value: number;
  readonly kept: boolean;
  readonly success: boolean;
  readonly failure: boolean;
  readonly rolls: readonly TermRoll[];
}

/** A rolled term: dice, or a group. */
export type TermRoll = DiceTermRoll | GroupRoll;

/** The result of rolling a whole notation. */
export interface RollResult {
  /** The notation, normalized (spaces removed, as parsed). */
  readonly notation: string;
  /** The value of the whole expression. */
  readonly total: number;
  /** Every dice term and group, in the order they appear in the notation. */
  readonly rolls: readonly TermRoll[];
  /** Compact text: `4d6kh3: [6, 5, 3, ~~1~~] = 14`. */
  readonly text: string;
}
