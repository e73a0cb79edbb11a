/**
 * Modifiers after a dice term (`kh3`, `!>=5`, `r<2`, `>=5f1`, `cs>19`, `sd`, `min2`) or after a
 * group (`k2`, `>=10`, `s`), read off a {@link Cursor}.
 */
import type { ComparePoint, DiceModifier, GroupModifier } from './ast';
import type { Cursor } from './cursor';

/** First characters of the modifiers a group accepts. */
const GROUP_MODIFIER_STARTS = new Set(['k', 'd', '=', '<', '>', 'f', 's']);

/** Modifiers that may appear once per term. */
const SINGLE_USE = new Set([
  'explode',
  'success',
  'failure',
  'critSuccess',
  'critFailure',
  'min',
  'max',
  'sort',
]);

/** Reads the modifiers of a dice term of `sides`; refuses duplicates and endless ones. */
export function readDiceModifiers(c: Cursor, sides: number | 'F'): DiceModifier[] {
  const start = c.i;
  const modifiers: DiceModifier[] = [];
  const seen = new Set<string>();
  for (;;) {
    const at = c.i;
    const modifier = readModifier(c);
    if (modifier === null) break;
    if (SINGLE_USE.has(modifier.kind)) {
      if (seen.has(modifier.kind)) {
        c.fail(`only one ${describe(modifier.kind)} modifier is allowed`, at);
      }
      seen.add(modifier.kind);
    }
    if (modifier.kind === 'failure' && !seen.has('success')) {
      c.fail('a failure point needs a success point before it, as in 10d10>=8f1', at);
    }
    modifiers.push(modifier);
  }
  refuseEndlessModifiers(c, sides, modifiers, start);
  return modifiers;
}

/** Reads the modifiers of a group. */
export function readGroupModifiers(c: Cursor): GroupModifier[] {
  const modifiers: GroupModifier[] = [];
  const seen = new Set<string>();
  for (;;) {
    const at = c.i;
    const next = c.peek();
    if (!GROUP_MODIFIER_STARTS.has(next as string)) break;
    const modifier = readModifier(c) as GroupModifier;
    if (modifier.kind !== 'keep' && modifier.kind !== 'drop') {
      if (seen.has(modifier.kind)) {
        c.fail(`only one ${describe(modifier.kind)} modifier is allowed`, at);
      }
      seen.add(modifier.kind);
    }
    if (modifier.kind === 'failure' && !seen.has('success')) {
      c.fail('a failure point needs a success point before it', at);
    }
    modifiers.push(modifier);
  }
  return modifiers;
}

function readModifier(c: Cursor): DiceModifier | null {
  const s = c.s;
  switch (s[c.i]) {
    case '!': {
      c.i++;
      let compound = false;
      if (s[c.i] === '!') {
        compound = true;
        c.i++;
      }
      let penetrate = false;
      if (s[c.i] === 'p') {
        penetrate = true;
        c.i++;
      }
      const mode = compound
        ? penetrate
          ? 'compound-penetrate'
          : 'compound'
        : penetrate
          ? 'penetrate'
          : 'explode';
      return { kind: 'explode', mode, compare: c.optionalCompare() };
    }
    case 'k':
    case 'd': {
      const kind = s[c.i] === 'k' ? 'keep' : 'drop';
      c.i++;
      let end: 'highest' | 'lowest' = kind === 'keep' ? 'highest' : 'lowest';
      if (s[c.i] === 'h') {
        end = 'highest';
        c.i++;
      } else if (s[c.i] === 'l') {
        end = 'lowest';
        c.i++;
      }
      return { kind, end, count: c.optionalInteger() ?? 1 };
    }
    case 'r': {
      c.i++;
      const once = s[c.i] === 'o';
      if (once) c.i++;
      return { kind: 'reroll', once, compare: c.optionalCompare(true) };
    }
    case '=':
    case '<':
    case '>':
      return { kind: 'success', compare: c.requiredCompare('a success point') };
    case 'f':
      c.i++;
      return { kind: 'failure', compare: c.requiredCompare("a failure point after 'f'", true) };
    case 'c': {
      c.i++;
      const which = s[c.i];
      if (which !== 's' && which !== 'f') c.fail("expected 'cs' or 'cf'", c.i - 1);
      c.i++;
      const compare = c.requiredCompare(`a compare point after 'c${which}'`, true);
      return { kind: which === 's' ? 'critSuccess' : 'critFailure', compare };
    }
    case 's': {
      c.i++;
      let order: 'asc' | 'desc' = 'asc';
      if (s[c.i] === 'a') c.i++;
      else if (s[c.i] === 'd') {
        order = 'desc';
        c.i++;
      }
      return { kind: 'sort', order };
    }
    case 'm': {
      const which = s.startsWith('min', c.i) ? 'min' : s.startsWith('max', c.i) ? 'max' : null;
      if (which === null) return null;
      c.i += 3;
      const negative = s[c.i] === '-';
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
      if (matchesEveryFace(modifier.compare ?? { op: '=', value: high }, low, high)) {
        c.fail(
          'this explosion would never stop: its compare point matches every face',
          at,
          'DICE_LIMIT',
        );
      }
    } else if (modifier.kind === 'reroll' && !modifier.once) {
      if (matchesEveryFace(modifier.compare ?? { op: '=', value: low }, low, high)) {
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
function matchesEveryFace(compare: ComparePoint, low: number, high: number): boolean {
  const { op, value } = compare;
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
