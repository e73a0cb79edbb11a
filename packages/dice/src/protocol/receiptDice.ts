/**
 * The dice a receipt records: a roll's faces as one flat list. Compact enough to store in every
 * receipt, and enough for a peer to compare a recomputed roll die by die; the full RollResult
 * (flags, rerolls, labels) follows from the notation and the seed, so it is not stored.
 */
import type { RollResult, TermRoll } from '../types';

/**
 * Every die's final `value`, in result order: terms left to right, each term's dice in the order
 * the result lists them, groups entry by entry. Dropped dice are included (they were rolled).
 * @example receiptDice(roll('4d6kh3', seed)) // [6, 5, 3, 1]
 */
export function receiptDice(result: RollResult): number[] {
  const faces: number[] = [];
  collectFaces(result.rolls, faces);
  return faces;
}

function collectFaces(rolls: readonly TermRoll[], faces: number[]): void {
  for (const term of rolls) {
    if (term.kind === 'dice') {
      for (const die of term.dice) faces.push(die.value);
    } else {
      for (const entry of term.entries) collectFaces(entry.rolls, faces);
    }
  }
}
