/**
 * Rolls one dice term and applies its modifiers. Whatever order they are written in, modifiers
 * apply in one fixed order, as in rpg-dice-roller: min/max, explode (compound, penetrate),
 * reroll, keep/drop (in written order), success/failure, criticals, sort.
 */
import type {
  ComparePoint,
  DiceModifier,
  DiceNode,
  ExplodeMode,
  KeepDropModifier,
} from '../notation/ast';
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

interface SortedModifiers {
  min: number | null;
  max: number | null;
  explode: { mode: ExplodeMode; compare: ComparePoint } | null;
  rerolls: { once: boolean; compare: ComparePoint }[];
  keepDrop: KeepDropModifier[];
  success: ComparePoint | null;
  failure: ComparePoint | null;
  critSuccess: ComparePoint;
  critFailure: ComparePoint;
  sort: 'asc' | 'desc' | null;
}

const sortedCache = new WeakMap<DiceNode, SortedModifiers>();

/** Rolls `node` with faces from `budget`. */
export function rollDiceTerm(node: DiceNode, budget: RollBudget): WorkingTerm {
  const mods = sortModifiers(node);
  const { sides, index } = node;
  const dice: WorkingDie[] = [];

  for (let n = 0; n < node.count; n++) {
    const die = newDie(sides, clamp(mods, budget.face(sides, index)));
    dice.push(die);
    const explode = mods.explode;
    if (explode === null || !matches(explode.compare, die.value)) continue;
    const penetrate = explode.mode === 'penetrate' || explode.mode === 'compound-penetrate';
    if (explode.mode === 'compound' || explode.mode === 'compound-penetrate') {
      compound(die, explode.compare, penetrate, budget, index, mods);
    } else {
      let last = die;
      for (let extra = 0; extra < DICE_LIMITS.maxExplosionsPerDie; extra++) {
        last.exploded = true;
        const face = clamp(mods, budget.face(sides, index));
        const next = newDie(sides, penetrate ? face - 1 : face);
        next.penetrated = penetrate;
        dice.push(next);
        last = next;
        // The chain goes on while the face itself (before penetration's −1) matches.
        if (!matches(explode.compare, face)) break;
      }
    }
  }

  for (const reroll of mods.rerolls) {
    for (const die of dice) {
      for (
        let times = 0;
        times < DICE_LIMITS.maxRerollsPerDie && matches(reroll.compare, die.value);
        times++
      ) {
        if (die.rerolls === NO_FACES) die.rerolls = [];
        die.rerolls.push(die.value);
        die.value = clamp(mods, budget.face(sides, index));
        if (reroll.once) break;
      }
    }
  }

  for (const modifier of mods.keepDrop) applyKeepDrop(dice, modifier);

  let value = 0;
  if (mods.success !== null) {
    for (const die of dice) {
      if (!die.kept) continue;
      die.success = matches(mods.success, die.value);
      die.failure = mods.failure !== null && matches(mods.failure, die.value);
      value += (die.success ? 1 : 0) - (die.failure ? 1 : 0);
    }
  } else {
    for (const die of dice) if (die.kept) value += die.value;
  }

  for (const die of dice) {
    die.criticalSuccess = matches(mods.critSuccess, die.value);
    die.criticalFailure = matches(mods.critFailure, die.value);
  }
  if (mods.sort !== null) sortDice(dice, mods.sort);
  return {
    kind: 'dice',
    notation: node.text,
    label: node.label,
    dice,
    successPool: mods.success !== null,
    value,
  };
}

/** Keeps or drops dice among those still kept, ties broken by roll order (so it is deterministic). */
export function applyKeepDrop(
  dice: { value: number; kept: boolean }[],
  modifier: KeepDropModifier,
): void {
  const kept: number[] = [];
  for (let i = 0; i < dice.length; i++) if (dice[i]?.kept) kept.push(i);
  // Highest first; among equal values, the earlier die counts as higher.
  kept.sort((a, b) => (dice[b]?.value ?? 0) - (dice[a]?.value ?? 0) || a - b);
  const count = Math.min(modifier.count, kept.length);
  let drop: number[];
  if (modifier.kind === 'keep') {
    drop = modifier.end === 'highest' ? kept.slice(count) : kept.slice(0, kept.length - count);
  } else {
    drop = modifier.end === 'highest' ? kept.slice(0, count) : kept.slice(kept.length - count);
  }
  for (const i of drop) {
    const die = dice[i];
    if (die) die.kept = false;
  }
}

/** Sorts dice by value, stable for equal values. */
export function sortDice<T extends { value: number }>(dice: T[], order: 'asc' | 'desc'): void {
  dice.sort(order === 'asc' ? (a, b) => a.value - b.value : (a, b) => b.value - a.value);
}

function compound(
  die: WorkingDie,
  compare: ComparePoint,
  penetrate: boolean,
  budget: RollBudget,
  index: number,
  mods: SortedModifiers,
): void {
  const faces = [die.value];
  let face = die.value;
  for (let extra = 0; extra < DICE_LIMITS.maxExplosionsPerDie && matches(compare, face); extra++) {
    face = clamp(mods, budget.face(die.sides, index));
    const added = penetrate ? face - 1 : face;
    faces.push(added);
    die.value += added;
  }
  die.exploded = true;
  die.penetrated = penetrate;
  die.compounded = faces;
}

/** A face after the term's min and max modifiers. */
function clamp(mods: SortedModifiers, face: number): number {
  if (mods.min !== null && face < mods.min) return mods.min;
  if (mods.max !== null && face > mods.max) return mods.max;
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

function sortModifiers(node: DiceNode): SortedModifiers {
  const cached = sortedCache.get(node);
  if (cached) return cached;
  const low = node.sides === 'F' ? -1 : 1;
  const high = node.sides === 'F' ? 1 : node.sides;
  const sorted: SortedModifiers = {
    min: null,
    max: null,
    explode: null,
    rerolls: [],
    keepDrop: [],
    success: null,
    failure: null,
    critSuccess: { op: '=', value: high },
    critFailure: { op: '=', value: low },
    sort: null,
  };
  for (const modifier of node.modifiers as DiceModifier[]) {
    switch (modifier.kind) {
      case 'min':
      case 'max':
        sorted[modifier.kind] = modifier.value;
        break;
      case 'explode':
        sorted.explode = {
          mode: modifier.mode,
          compare: modifier.compare ?? { op: '=', value: high },
        };
        break;
      case 'reroll':
        sorted.rerolls.push({
          once: modifier.once,
          compare: modifier.compare ?? { op: '=', value: low },
        });
        break;
      case 'keep':
      case 'drop':
        sorted.keepDrop.push(modifier);
        break;
      case 'success':
        sorted.success = modifier.compare;
        break;
      case 'failure':
        sorted.failure = modifier.compare;
        break;
      case 'critSuccess':
        sorted.critSuccess = modifier.compare;
        break;
      case 'critFailure':
        sorted.critFailure = modifier.compare;
        break;
      case 'sort':
        sorted.sort = modifier.order;
        break;
    }
  }
  sortedCache.set(node, sorted);
  return sorted;
}
