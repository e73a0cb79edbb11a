/**
 * Modifiers after a dice term (`kh3`, `!>=5`, `r<2`, `>=5f1`, `cs>19`, `sd`, `min2`) or after a
 * group (`k2`, `>=10`, `s`), read off a {@link Cursor}.
 */
import type { ComparePoint, DiceModifier, GroupModifier } from './ast';
import type { Cursor } from './cursor';

// Character codes read here.
const BANG = 0x21; // !
const MINUS = 0x2d; // -
const LESS = 0x3c; // <
const EQUALS = 0x3d; // =
const GREATER = 0x3e; // >
const LOWER_A = 0x61;
const LOWER_C = 0x63;
const LOWER_D = 0x64;
const LOWER_F = 0x66;
const LOWER_H = 0x68;
const LOWER_K = 0x6b;
const LOWER_L = 0x6c;
const LOWER_M = 0x6d;
const LOWER_O = 0x6f;
const LOWER_P = 0x70;
const LOWER_R = 0x72;
const LOWER_S = 0x73;

/**
 * Modifiers that may appear once per term, each with its bit in a term's `seen` mask (a number:
 * no Set per term). Success has a bit too, since a failure point needs one before it.
 */
function singleUseBit(kind: DiceModifier['kind']): number {
  switch (kind) {
    case 'explode':
      return 1;
    case 'success':
      return 2;
    case 'failure':
      return 4;
    case 'critSuccess':
      return 8;
    case 'critFailure':
      return 16;
    case 'min':
      return 32;
    case 'max':
      return 64;
    case 'sort':
      return 128;
    default:
      return 0;
  }
}

const SUCCESS_BIT = singleUseBit('success');

/** Reads the modifiers of a dice term of `sides`; refuses duplicates and endless ones. */
export function readDiceModifiers(c: Cursor, sides: number | 'F'): DiceModifier[] {
  const start = c.i;
  const modifiers: DiceModifier[] = [];
  let seen = 0;
  for (;;) {
    const at = c.i;
    const modifier = readModifier(c);
    if (modifier === null) break;
    seen = admitModifier(c, modifier, seen, at);
    modifiers.push(modifier);
  }
  if (modifiers.length > 0) {
    refuseEndlessModifiers(c, sides, modifiers, start);
    refuseRerollOfCombinedDice(c, modifiers, start);
  }
  return modifiers;
}

/**
 * A reroll replaces a die's face, but a compounded die is the sum of a chain of faces and a
 * penetrating die's value is its face less one: what a reroll of those should mean is unclear,
 * and every plausible reading surprises someone. Refuse the mix rather than guess.
 */
function refuseRerollOfCombinedDice(c: Cursor, modifiers: DiceModifier[], at: number): void {
  const explode = modifiers.find((m) => m.kind === 'explode');
  if (
    explode?.kind === 'explode' &&
    explode.mode !== 'explode' &&
    modifiers.some((m) => m.kind === 'reroll')
  ) {
    c.fail('rerolls cannot be combined with compounding (!!) or penetrating (!p) explosions', at);
  }
}

/**
 * Checks a modifier against those already read (`seen`, a bit per single-use kind): keep and
 * drop may repeat, the others may not, and a failure point needs a success point before it.
 * @returns the updated `seen`
 */
function admitModifier(c: Cursor, modifier: DiceModifier, seen: number, at: number): number {
  const bit = singleUseBit(modifier.kind);
  if (bit !== 0) {
    if ((seen & bit) !== 0) c.fail(`only one ${describe(modifier.kind)} modifier is allowed`, at);
    seen |= bit;
  }
  if (modifier.kind === 'failure' && (seen & SUCCESS_BIT) === 0) {
    c.fail('a failure point needs a success point before it, as in 10d10>=8f1', at);
  }
  return seen;
}

/** Reads the modifiers of a group. */
export function readGroupModifiers(c: Cursor): GroupModifier[] {
  const modifiers: GroupModifier[] = [];
  let seen = 0;
  for (;;) {
    const at = c.i;
    if (!startsGroupModifier(c.code())) break;
    const modifier = readModifier(c) as GroupModifier;
    seen = admitModifier(c, modifier, seen, at);
    modifiers.push(modifier);
  }
  return modifiers;
}

/** Whether a group modifier starts with the character `code`: k d = < > f s. */
function startsGroupModifier(code: number): boolean {
  return (
    code === LOWER_K ||
    code === LOWER_D ||
    code === EQUALS ||
    code === LESS ||
    code === GREATER ||
    code === LOWER_F ||
    code === LOWER_S
  );
}

function readModifier(c: Cursor): DiceModifier | null {
  switch (c.code()) {
    case BANG: {
      c.i++;
      const compound = c.code() === BANG;
      if (compound) c.i++;
      const penetrate = c.code() === LOWER_P;
      if (penetrate) c.i++;
      const mode = compound
        ? penetrate
          ? 'compound-penetrate'
          : 'compound'
        : penetrate
          ? 'penetrate'
          : 'explode';
      return { kind: 'explode', mode, compare: c.optionalCompare() };
    }
    case LOWER_K:
    case LOWER_D: {
      const kind = c.code() === LOWER_K ? 'keep' : 'drop';
      c.i++;
      let end: 'highest' | 'lowest' = kind === 'keep' ? 'highest' : 'lowest';
      if (c.code() === LOWER_H) {
        end = 'highest';
        c.i++;
      } else if (c.code() === LOWER_L) {
        end = 'lowest';
        c.i++;
      }
      return { kind, end, count: c.optionalInteger() ?? 1 };
    }
    case LOWER_R: {
      c.i++;
      const once = c.code() === LOWER_O;
      if (once) c.i++;
      return { kind: 'reroll', once, compare: c.optionalCompare(true) };
    }
    case EQUALS:
    case LESS:
    case GREATER:
      return { kind: 'success', compare: c.requiredCompare('a success point') };
    case LOWER_F:
      c.i++;
      return { kind: 'failure', compare: c.requiredCompare("a failure point after 'f'", true) };
    case LOWER_C: {
      c.i++;
      const which = c.peek();
      if (which !== 's' && which !== 'f') c.fail("expected 'cs' or 'cf'", c.i - 1);
      c.i++;
      const compare = c.requiredCompare(`a compare point after 'c${which}'`, true);
      return { kind: which === 's' ? 'critSuccess' : 'critFailure', compare };
    }
    case LOWER_S: {
      c.i++;
      let order: 'asc' | 'desc' = 'asc';
      if (c.code() === LOWER_A) c.i++;
      else if (c.code() === LOWER_D) {
        order = 'desc';
        c.i++;
      }
      return { kind: 'sort', order };
    }
    case LOWER_M: {
      const s = c.s;
      const which = s.startsWith('min', c.i) ? 'min' : s.startsWith('max', c.i) ? 'max' : null;
      if (which === null) return null;
      c.i += 3;
      const negative = c.code() === MINUS;
      if (negative) c.i++;
      const value = c.integer(`a number after '${which}'`);
      return { kind: which, value: negative ? -value : value };
    }
    default:
      return null;
  }
}

/**
 * An explosion or an unbounded reroll whose compare point matches every face would only stop
 * at the safety cap: that is a mistake in the notation, so say so instead of rolling it.
 */
function refuseEndlessModifiers(
  c: Cursor,
  sides: number | 'F',
  modifiers: DiceModifier[],
  at: number,
): void {
  const low = sides === 'F' ? -1 : 1;
  const high = sides === 'F' ? 1 : sides;
  for (const modifier of modifiers) {
    if (modifier.kind === 'explode') {
      const { compare } = modifier;
      // Without a compare point a die explodes on its maximum.
      if (
        compare === null ? low === high : matchesEveryFace(compare.op, compare.value, low, high)
      ) {
        c.fail(
          'this explosion would never stop: its compare point matches every face',
          at,
          'DICE_LIMIT',
        );
      }
    } else if (modifier.kind === 'reroll' && !modifier.once) {
      const { compare } = modifier;
      // Without a compare point a die rerolls on its minimum.
      if (
        compare === null ? low === high : matchesEveryFace(compare.op, compare.value, low, high)
      ) {
        c.fail(
          'this reroll would never stop: its compare point matches every face',
          at,
          'DICE_LIMIT',
        );
      }
    }
  }
}

/** Whether every face from `low` to `high` satisfies the compare point. */
function matchesEveryFace(
  op: ComparePoint['op'],
  value: number,
  low: number,
  high: number,
): boolean {
  switch (op) {
    case '=':
      return low === high && value === low;
    case '!=':
      return value < low || value > high;
    case '<':
      return value > high;
    case '<=':
      return value >= high;
    case '>':
      return value < low;
    case '>=':
      return value <= low;
  }
}

function describe(kind: string): string {
  switch (kind) {
    case 'critSuccess':
      return 'critical success (cs)';
    case 'critFailure':
      return 'critical failure (cf)';
    default:
      return kind;
  }
}
