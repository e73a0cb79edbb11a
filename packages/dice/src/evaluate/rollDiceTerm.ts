/**
 * Rolls one dice term and applies its modifiers. Whatever order they are written in, modifiers
 * apply in one fixed order, as in rpg-dice-roller: min/max, explode (compound, penetrate),
 * reroll, keep/drop (in written order), success/failure, criticals, sort.
 */
import type { ComparePoint, DiceModifier, DiceNode, KeepDropModifier } from '../notation/ast';
import { DICE_LIMITS } from '../notation/limits';
import type { DieSides } from '../types';
import { matches } from './compare';
import type { RollBudget } from './RollBudget';

/**
 * A die while its term is being rolled. It has the shape of a {@link DieRoll}, so the result can
 * hand it out as it is (no copy per die); `rerolls` and `compounded` share one empty array until
 * a die needs its own.
 */
export interface WorkingDie {
  sides: DieSides;
  value: number;
  kept: boolean;
  exploded: boolean;
  penetrated: boolean;
  rerolls: number[];
  compounded: number[];
  success: boolean;
  failure: boolean;
  criticalSuccess: boolean;
  criticalFailure: boolean;
}

/** The array every die starts with for `rerolls` and `compounded`; never written to. */
export const NO_FACES: number[] = Object.freeze([]) as unknown as number[];

/**
 * A rolled dice term. It has the shape of a {@link DiceTermRoll}, so the result hands it out as
 * it is; only group modifiers change it (its dice and value) before the result is returned.
 */
export interface WorkingTerm {
  readonly kind: 'dice';
  readonly notation: string;
  readonly label: string | null;
  dice: WorkingDie[];
  successPool: boolean;
  value: number;
}

type ExplodeModifier = Extract<DiceModifier, { kind: 'explode' }>;

/** Rolls `node` with faces from `budget`. */
export function rollDiceTerm(node: DiceNode, budget: RollBudget): WorkingTerm {
  const { sides, index, count, modifiers } = node;
  // The extremes: the default points of explosions and criticals (high), rerolls (low).
  const low = sides === 'F' ? -1 : 1;
  const high = sides === 'F' ? 1 : sides;
  // Sorts the modifiers into the order they apply. A scan of a handful of modifiers on every roll
  // is cheaper than any cache of its result (a WeakMap lookup, or a property per node).
  let min: number | null = null;
  let max: number | null = null;
  let explode: ExplodeModifier | null = null;
  let rerolls = false;
  let keepDrop = false;
  let success: ComparePoint | null = null;
  let failure: ComparePoint | null = null;
  let critSuccess: ComparePoint | null = null;
  let critFailure: ComparePoint | null = null;
  let sort: 'asc' | 'desc' | null = null;
  for (const modifier of modifiers) {
    switch (modifier.kind) {
      case 'min':
        min = modifier.value;
        break;
      case 'max':
        max = modifier.value;
        break;
      case 'explode':
        explode = modifier;
        break;
      case 'reroll':
        rerolls = true;
        break;
      case 'keep':
      case 'drop':
        keepDrop = true;
        break;
      case 'success':
        success = modifier.compare;
        break;
      case 'failure':
        failure = modifier.compare;
        break;
      case 'critSuccess':
        critSuccess = modifier.compare;
        break;
      case 'critFailure':
        critFailure = modifier.compare;
        break;
      case 'sort':
        sort = modifier.order;
        break;
    }
  }

  const dice: WorkingDie[] = [];
  for (let n = 0; n < count; n++) {
    const die = newDie(sides, clamp(budget.face(sides, index), min, max));
    dice.push(die);
    if (explode === null || !meets(explode.compare, die.value, high)) continue;
    const { mode } = explode;
    const penetrate = mode === 'penetrate' || mode === 'compound-penetrate';
    if (mode === 'compound' || mode === 'compound-penetrate') {
      compound(die, explode.compare, high, penetrate, budget, index, min, max);
      continue;
    }
    let last = die;
    for (let extra = 0; extra < DICE_LIMITS.maxExplosionsPerDie; extra++) {
      last.exploded = true;
      const face = clamp(budget.face(sides, index), min, max);
      const next = newDie(sides, penetrate ? face - 1 : face);
      next.penetrated = penetrate;
      dice.push(next);
      last = next;
      // The chain goes on while the face itself (before penetration's −1) matches.
      if (!meets(explode.compare, face, high)) break;
    }
  }

  if (rerolls) {
    for (const reroll of modifiers) {
      if (reroll.kind !== 'reroll') continue;
      for (const die of dice) {
        for (
          let times = 0;
          times < DICE_LIMITS.maxRerollsPerDie && meets(reroll.compare, die.value, low);
          times++
        ) {
          if (die.rerolls === NO_FACES) die.rerolls = [];
          die.rerolls.push(die.value);
          die.value = clamp(budget.face(sides, index), min, max);
          if (reroll.once) break;
        }
      }
    }
  }

  if (keepDrop) {
    for (const modifier of modifiers) {
      if (modifier.kind === 'keep' || modifier.kind === 'drop') applyKeepDrop(dice, modifier);
    }
  }

  let value = 0;
  for (const die of dice) {
    if (die.kept) {
      if (success === null) {
        value += die.value;
      } else {
        die.success = matches(success, die.value);
        die.failure = failure !== null && matches(failure, die.value);
        value += (die.success ? 1 : 0) - (die.failure ? 1 : 0);
      }
    }
    die.criticalSuccess = meets(critSuccess, die.value, high);
    die.criticalFailure = meets(critFailure, die.value, low);
  }
  if (sort !== null) sortDice(dice, sort);
  return {
    kind: 'dice',
    notation: node.text,
    label: node.label,
    dice,
    successPool: success !== null,
    value,
  };
}

/** Whether `value` meets `compare`, or, for a modifier written without one, equals `otherwise`. */
function meets(compare: ComparePoint | null, value: number, otherwise: number): boolean {
  return compare === null ? value === otherwise : matches(compare, value);
}

// The kept dice's values, for applyKeepDrop. Reused from call to call (rolling is synchronous, so
// no two calls share it), and never shrunk: setting `length = 0` would free its storage.
const values: number[] = [];
/** Above this many dice, the values are sorted natively rather than by insertion. */
const INSERTION_SORT_MAX = 32;

/**
 * Keeps or drops dice among those still kept. Dice rank by value, and among equal values the
 * earlier die ranks higher, so the result is deterministic.
 */
export function applyKeepDrop(
  dice: readonly { value: number; kept: boolean }[],
  modifier: KeepDropModifier,
): void {
  let kept = 0;
  for (let i = 0; i < dice.length; i++) {
    const die = dice[i] as { value: number; kept: boolean };
    if (die.kept) values[kept++] = die.value;
  }
  const count = Math.min(modifier.count, kept);
  const highest = modifier.end === 'highest';
  // Every keep or drop splits the kept dice into the `top` highest-ranked and the rest, and
  // drops one side: `kh3` keeps the top 3, `kl1` drops the top kept − 1, `dh2` drops the top 2,
  // `dl1` keeps the top kept − 1.
  const top = highest ? count : kept - count;
  const dropTop = modifier.kind === 'keep' ? !highest : highest;
  if (top === 0 || top === kept) {
    if (dropTop === (top === kept)) {
      for (const die of dice) die.kept = false;
    }
    return;
  }
  // The top is every die above the `top`-th highest value, then the earliest dice showing it.
  const threshold = nthHighest(kept, top);
  let ties = top;
  for (let k = 0; k < kept; k++) if ((values[k] as number) > threshold) ties--;
  for (const die of dice) {
    if (!die.kept) continue;
    const inTop = die.value > threshold || (die.value === threshold && ties-- > 0);
    if (inTop === dropTop) die.kept = false;
  }
}

/** The `n`-th highest of the first `length` entries of `values` (reordering them). */
function nthHighest(length: number, n: number): number {
  if (length > INSERTION_SORT_MAX) {
    const sorted = new Float64Array(length);
    for (let k = 0; k < length; k++) sorted[k] = values[k] as number;
    sorted.sort();
    return sorted[length - n] as number;
  }
  // Insertion sort, highest first: no comparator closure, and a handful of dice is the usual case.
  for (let k = 1; k < length; k++) {
    const value = values[k] as number;
    let j = k - 1;
    while (j >= 0 && (values[j] as number) < value) {
      values[j + 1] = values[j] as number;
      j--;
    }
    values[j + 1] = value;
  }
  return values[n - 1] as number;
}

const ascending = (a: { value: number }, b: { value: number }) => a.value - b.value;
const descending = (a: { value: number }, b: { value: number }) => b.value - a.value;

/** Sorts dice by value, stable for equal values. */
export function sortDice<T extends { value: number }>(dice: T[], order: 'asc' | 'desc'): void {
  dice.sort(order === 'asc' ? ascending : descending);
}

function compound(
  die: WorkingDie,
  compare: ComparePoint | null,
  high: number,
  penetrate: boolean,
  budget: RollBudget,
  index: number,
  min: number | null,
  max: number | null,
): void {
  const faces = [die.value];
  let face = die.value;
  for (
    let extra = 0;
    extra < DICE_LIMITS.maxExplosionsPerDie && meets(compare, face, high);
    extra++
  ) {
    face = clamp(budget.face(die.sides, index), min, max);
    const added = penetrate ? face - 1 : face;
    faces.push(added);
    die.value += added;
  }
  die.exploded = true;
  die.penetrated = penetrate;
  die.compounded = faces;
}

/** A face after the term's min and max modifiers. */
function clamp(face: number, min: number | null, max: number | null): number {
  if (min !== null && face < min) return min;
  if (max !== null && face > max) return max;
  return face;
}

function newDie(sides: DieSides, value: number): WorkingDie {
  return {
    sides,
    value,
    kept: true,
    exploded: false,
    penetrated: false,
    rerolls: NO_FACES,
    compounded: NO_FACES,
    success: false,
    failure: false,
    criticalSuccess: false,
    criticalFailure: false,
  };
}
