import { DiceNotationError } from '../notation/errors';
import { DICE_LIMITS } from '../notation/limits';
import type { DiceSource } from '../random/DiceSource';

/**
 * The dice source of one roll, counting draws so that no notation rolls more than
 * {@link DICE_LIMITS.maxDicePerRoll} dice, explosions and rerolls included.
 */
export class RollBudget {
  private drawn = 0;

  constructor(private readonly source: DiceSource) {}

  /**
   * One face of a die: 1..sides, or −1..+1 for Fudge dice.
   * @param index where the term stands, for the error when the budget runs out
   */
  face(sides: number | 'F', index: number): number {
    if (++this.drawn > DICE_LIMITS.maxDicePerRoll) {
      throw new DiceNotationError(
        'DICE_LIMIT',
        `more than ${DICE_LIMITS.maxDicePerRoll} dice in one roll`,
        index,
      );
    }
    return sides === 'F' ? this.source.nextInt(3) - 2 : this.source.nextInt(sides);
  }
}
