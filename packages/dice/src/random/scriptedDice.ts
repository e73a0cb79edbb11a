/**
 * A dice source that returns faces from a script, for tests of rules and modifiers: "the first die
 * shows 6, then 1, …". Fudge dice draw 1..3 and map to −1..+1, so script 1, 2, 3 for −, 0, +.
 */
import type { DiceSource } from './DiceSource';

/** A {@link DiceSource} that also tells how many faces were drawn. */
export interface ScriptedDice extends DiceSource {
  /** Faces drawn so far. */
  readonly drawn: number;
}

/**
 * Makes a source that returns `faces` in order.
 * @throws when a face is out of range for the die asked for, or the script runs out
 */
export function scriptedDice(faces: readonly number[]): ScriptedDice {
  let next = 0;
  return {
    get drawn() {
      return next;
    },
    nextInt(sides: number): number {
      const face = faces[next];
      if (face === undefined) throw new Error(`scripted dice ran out after ${next} faces`);
      if (!Number.isInteger(face) || face < 1 || face > sides) {
        throw new Error(`scripted face ${face} (number ${next + 1}) does not fit a d${sides}`);
      }
      next++;
      return face;
    },
  };
}
