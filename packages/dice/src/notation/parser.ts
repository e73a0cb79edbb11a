/**
 * A recursive-descent parser for the Roll20 / rpg-dice-roller dice dialect:
 *
 *   expression := term (('+' | '-') term)*
 *   term       := unary (('*' | '/' | '%') unary)*
 *   unary      := '-' unary | '+' unary | power
 *   power      := primary (('**' | '^') unary)?
 *   primary    := number | dice | group | '(' expression ')' | function '(' expression, … ')'
 *   dice       := integer? 'd' (integer | '%' | 'F') modifier* label?   ('D' too after a count)
 *   group      := '{' expression (',' expression)* '}' groupModifier* label?
 *
 * Spaces are allowed between operands and operators but not inside a dice term. It reads the
 * string by index (no token array): notations are short and parsed often.
 */
import type { DiceNode, Expr, FunctionName, GroupNode } from './ast';
import { Cursor, isDigitCode, isLetterCode } from './cursor';
import { DiceNotationError } from './errors';
import { DICE_LIMITS } from './limits';
import { readDiceModifiers, readGroupModifiers } from './modifiers';

// Character codes read here.
const PERCENT = 0x25; // %
const OPEN_PAREN = 0x28; // (
const STAR = 0x2a; // *
const PLUS = 0x2b; // +
const COMMA = 0x2c; // ,
const MINUS = 0x2d; // -
const DOT = 0x2e; // .
const SLASH = 0x2f; // /
const UPPER_F = 0x46;
const CARET = 0x5e; // ^
const LOWER_D = 0x64;
const UPPER_D = 0x44;
const OPEN_BRACE = 0x7b; // {

const FUNCTION_ARITY: Record<FunctionName, [min: number, max: number]> = {
  floor: [1, 1],
  ceil: [1, 1],
  round: [1, 1],
  abs: [1, 1],
  min: [1, 100],
  max: [1, 100],
};

/**
 * Parses a dice notation.
 * @throws {DiceNotationError} `DICE_SYNTAX` or `DICE_LIMIT`, with the position of the problem
 * @example parseNotation('4d6kh3 + 2')
 */
export function parseNotation(notation: string): Expr {
  if (notation.length > DICE_LIMITS.maxNotationLength) {
    throw new DiceNotationError(
      'DICE_LIMIT',
      `the notation is longer than ${DICE_LIMITS.maxNotationLength} characters`,
      DICE_LIMITS.maxNotationLength,
    );
  }
  const c = new Cursor(notation);
  c.skipSpaces();
  if (c.i >= notation.length) c.fail('expected a dice notation such as 1d20+5');
  const expr = expression(c);
  c.skipSpaces();
  if (c.i < notation.length) c.fail(`unexpected '${c.peek()}'`);
  return expr;
}

function expression(c: Cursor): Expr {
  let left = term(c);
  for (;;) {
    c.skipSpaces();
    const code = c.code();
    if (code !== PLUS && code !== MINUS) return left;
    const op = code === PLUS ? '+' : '-';
    const index = c.i++;
    const right = term(c);
    left = { type: 'binary', op, left, right, index, text: `${left.text}${op}${right.text}` };
  }
}

function term(c: Cursor): Expr {
  let left = unary(c);
  for (;;) {
    c.skipSpaces();
    const code = c.code();
    if ((code !== STAR || c.code(1) === STAR) && code !== SLASH && code !== PERCENT) return left;
    const op = code === STAR ? '*' : code === SLASH ? '/' : '%';
    const index = c.i++;
    const right = unary(c);
    left = { type: 'binary', op, left, right, index, text: `${left.text}${op}${right.text}` };
  }
}

function unary(c: Cursor): Expr {
  c.skipSpaces();
  const sign = c.code();
  if (sign !== MINUS && sign !== PLUS) return power(c);
  c.i++;
  c.enter();
  const arg = unary(c);
  c.leave();
  return sign === MINUS ? { type: 'negate', arg, text: `-${arg.text}` } : arg;
}

function power(c: Cursor): Expr {
  const base = primary(c);
  c.skipSpaces();
  const index = c.i;
  const code = c.code();
  const opLength = code === STAR && c.code(1) === STAR ? 2 : code === CARET ? 1 : 0;
  if (opLength === 0) return base;
  c.i += opLength;
  c.enter();
  const exponent = unary(c);
  c.leave();
  return {
    type: 'binary',
    op: '**',
    left: base,
    right: exponent,
    index,
    text: `${base.text}**${exponent.text}`,
  };
}

function primary(c: Cursor): Expr {
  c.skipSpaces();
  const start = c.i;
  const next = c.code();
  if (Number.isNaN(next)) return c.fail("expected a number, a die or '('");
  if (isDigitCode(next) || next === DOT) {
    const value = c.number();
    // `2D6` as printed rulebooks write it; a bare `D6` stays an error, like any unknown name.
    if (c.code() === LOWER_D || c.code() === UPPER_D) return dice(c, start, value);
    return { type: 'number', value, text: c.s.slice(start, c.i) };
  }
  if (next === LOWER_D) return dice(c, start, 1);
  if (next === OPEN_PAREN) {
    c.i++;
    c.enter();
    const expr = expression(c);
    c.expect(')');
    c.leave();
    return { type: 'paren', expr, text: `(${expr.text})` };
  }
  if (next === OPEN_BRACE) return group(c);
  if (isLetterCode(next)) return call(c);
  return c.fail(`expected a number, a die or '(' but found '${c.peek()}'`);
}

function dice(c: Cursor, start: number, count: number): DiceNode {
  if (!Number.isInteger(count)) c.fail('the number of dice must be a whole number', start);
  if (count > DICE_LIMITS.maxDicePerTerm) {
    c.fail(`at most ${DICE_LIMITS.maxDicePerTerm} dice may be rolled at once`, start, 'DICE_LIMIT');
  }
  c.i++; // 'd'
  let sides: number | 'F';
  const next = c.code();
  if (next === PERCENT) {
    c.i++;
    sides = 100;
  } else if (next === UPPER_F) {
    c.i++;
    sides = 'F';
  } else if (isDigitCode(next)) {
    const sidesAt = c.i;
    sides = c.integer("the number of sides after 'd'");
    if (sides < 1) c.fail('a die needs at least 1 side', sidesAt, 'DICE_LIMIT');
    if (sides > DICE_LIMITS.maxSides) {
      c.fail(`a die may have at most ${DICE_LIMITS.maxSides} sides`, sidesAt, 'DICE_LIMIT');
    }
  } else {
    return c.fail("expected the number of sides after 'd'");
  }
  const modifiers = readDiceModifiers(c, sides);
  const termEnd = c.i;
  const label = c.label();
  return {
    type: 'dice',
    index: start,
    slot: c.slots++,
    count,
    sides,
    modifiers,
    label,
    text: c.s.slice(start, termEnd) + (label === null ? '' : `[${label}]`),
  };
}

function group(c: Cursor): GroupNode {
  const start = c.i;
  c.i++; // '{'
  c.enter();
  const entries: Expr[] = [expression(c)];
  c.skipSpaces();
  while (c.code() === COMMA) {
    c.i++;
    if (entries.length >= DICE_LIMITS.maxGroupEntries) {
      c.fail(`a group may hold at most ${DICE_LIMITS.maxGroupEntries} entries`, c.i, 'DICE_LIMIT');
    }
    entries.push(expression(c));
    c.skipSpaces();
  }
  c.expect('}');
  c.leave();
  const modifiersStart = c.i;
  const modifiers = readGroupModifiers(c);
  const modifiersText = c.s.slice(modifiersStart, c.i);
  const label = c.label();
  return {
    type: 'group',
    index: start,
    slot: c.slots++,
    entries,
    modifiers,
    label,
    text: `{${entries.map((e) => e.text).join(',')}}${modifiersText}${label === null ? '' : `[${label}]`}`,
  };
}

function call(c: Cursor): Expr {
  const start = c.i;
  while (isLetterCode(c.code())) c.i++;
  const name = c.s.slice(start, c.i);
  if (!Object.hasOwn(FUNCTION_ARITY, name)) {
    c.fail(`unknown function '${name}' (known: floor, ceil, round, abs, min, max)`, start);
  }
  const [minArgs, maxArgs] = FUNCTION_ARITY[name as FunctionName];
  c.expect('(');
  c.enter();
  const args: Expr[] = [expression(c)];
  c.skipSpaces();
  while (c.code() === COMMA) {
    c.i++;
    args.push(expression(c));
    c.skipSpaces();
  }
  c.expect(')');
  c.leave();
  if (args.length < minArgs || args.length > maxArgs) {
    c.fail(
      minArgs === maxArgs
        ? `${name} takes ${minArgs} argument`
        : `${name} takes ${minArgs} to ${maxArgs} arguments`,
      start,
    );
  }
  return {
    type: 'call',
    name: name as FunctionName,
    args,
    text: `${name}(${args.map((a) => a.text).join(',')})`,
  };
}
