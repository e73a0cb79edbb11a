import type { DieRoll, DieSides } from '../types';

/** For tests: a die as a plain roll leaves it (no explosion, reroll or success flags). */
export function plainDie(sides: DieSides, value: number, kept = true): DieRoll {
  return {
    sides,
    value,
    kept,
    exploded: false,
    penetrated: false,
    rerolls: [],
    compounded: [],
    success: false,
    failure: false,
    criticalSuccess: false,
    criticalFailure: false,
  };
}
