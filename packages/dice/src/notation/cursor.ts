/**
 * The reading position in a notation, with the small readers the grammar is built from (numbers,
 * compare points, labels) and the one way to fail: a {@link DiceNotationError} at a position.
 * Characters are compared by their UTF-16 codes (`code()`): a notation is parsed on every roll
 * that misses the cache, and comparing numbers is cheaper than comparing one-character strings.
 */
import type { ComparePoint } from './ast';
import { DiceNotationError } from './errors';
import { DICE_LIMITS } from './limits';

// Character codes read here.
const TAB = 0x09;
const SPACE = 0x20;
const BANG = 0x21; // !
const MINUS = 0x2d; // -
const DOT = 0x2e; // .
const ZERO = 0x30;
const NINE = 0x39;
const LESS = 0x3c; // <
const EQUALS = 0x3d; // =
const GREATER = 0x3e; // >
const OPEN_BRACKET = 0x5b; // [
const LOWER_A = 0x61;
const LOWER_Z = 0x7a;

/** Digits beyond which a run of digits is read by `Number` rather than summed (2^53 > 10^15). */
const EXACT_DIGITS = 15;

/** A position in a notation being parsed. */
export class Cursor {
  /** Index of the next character. */
  i = 0;
  /** Slots handed out so far to dice terms and groups. */
  slots = 0;
  /** Nesting depth of parentheses, groups and calls. */
  private depth = 0;

  constructor(readonly s: string) {}

  /** The next character, or undefined at the end. */
  peek(offset = 0): string | undefined {
    return this.s[this.i + offset];
  }

  /** The code of the next character (NaN at the end, which equals nothing). */
  code(offset = 0): number {
    return this.s.charCodeAt(this.i + offset);
  }

  /** Reads a number such as `12` or `2.5`. */
  number(): number {
    const start = this.i;
    let value = this.digits();
    if (this.code() === DOT) {
      this.i++;
      if (!isDigitCode(this.code())) this.fail('expected a digit after the decimal point');
      this.digits();
      value = Number(this.s.slice(start, this.i));
    }
    if (!Number.isFinite(value)) this.fail('the number is too large', start);
    return value;
  }

  /** Reads a whole number, failing with "expected <what>" when there is none. */
  integer(what: string): number {
    const start = this.i;
    const value = this.digits();
    if (this.i === start) this.fail(`expected ${what}`);
    if (this.code() === DOT) this.fail(`${what} must be a whole number`);
    return value;
  }

  /** Reads a whole number if one starts here. */
  optionalInteger(): number | null {
    return isDigitCode(this.code()) ? this.integer('a whole number') : null;
  }

  /** Reads a whole number with an optional minus sign (compare points of Fudge dice). */
  signedInteger(): number {
    const negative = this.code() === MINUS;
    if (negative) this.i++;
    const value = this.integer('a number to compare with');
    return negative ? -value : value;
  }

  /** A compare point if one starts here; with `bareNumber`, `r2` means `r=2`. */
  optionalCompare(bareNumber = false): ComparePoint | null {
    const first = this.code();
    const second = this.code(1);
    let op: ComparePoint['op'];
    if (first === GREATER) op = second === EQUALS ? '>=' : '>';
    else if (first === LESS) {
      op = second === EQUALS ? '<=' : second === GREATER ? '!=' : '<';
    } else if (first === EQUALS) op = '=';
    else if (first === BANG && second === EQUALS) op = '!=';
    else {
      if (bareNumber && (isDigitCode(first) || (first === MINUS && isDigitCode(second)))) {
        return { op: '=', value: this.signedInteger() };
      }
      return null;
    }
    this.i += op.length;
    return { op, value: this.signedInteger() };
  }

  /** Reads a compare point, failing with "expected <what>" when there is none. */
  requiredCompare(what: string, bareNumber = false): ComparePoint {
    return this.optionalCompare(bareNumber) ?? this.fail(`expected ${what}`);
  }

  /** Reads a label such as `[fire]` (spaces before it allowed), or returns null. */
  label(): string | null {
    let j = this.i;
    let code = this.s.charCodeAt(j);
    while (code === SPACE || code === TAB) code = this.s.charCodeAt(++j);
    if (code !== OPEN_BRACKET) return null;
    const close = this.s.indexOf(']', j + 1);
    if (close === -1) this.fail("expected ']' to close the label", j);
    this.i = close + 1;
    return this.s.slice(j + 1, close).trim();
  }

  /** Moves past `char` (after spaces), failing when it is not next. */
  expect(char: string): void {
    this.skipSpaces();
    if (this.s[this.i] !== char) {
      this.fail(
        this.i >= this.s.length
          ? `expected '${char}'`
          : `expected '${char}' but found '${this.s[this.i]}'`,
      );
    }
    this.i++;
  }

  /** Enters a nested level, failing past the depth limit. */
  enter(): void {
    if (++this.depth > DICE_LIMITS.maxDepth) {
      this.fail(`nesting deeper than ${DICE_LIMITS.maxDepth} levels`, this.i, 'DICE_LIMIT');
    }
  }

  /** Leaves a nested level. */
  leave(): void {
    this.depth--;
  }

  /** Moves past spaces and tabs. */
  skipSpaces(): void {
    let code = this.s.charCodeAt(this.i);
    while (code === SPACE || code === TAB) code = this.s.charCodeAt(++this.i);
  }

  /** Throws a {@link DiceNotationError} at `index` (the current position by default). */
  fail(reason: string, index = this.i, code: 'DICE_SYNTAX' | 'DICE_LIMIT' = 'DICE_SYNTAX'): never {
    throw new DiceNotationError(code, reason, index);
  }

  /**
   * Moves past a run of digits (maybe none) and returns its value, exactly as `Number` reads it:
   * summed digit by digit while that is exact, else by `Number` itself.
   */
  private digits(): number {
    const s = this.s;
    const start = this.i;
    let i = start;
    let value = 0;
    for (let code = s.charCodeAt(i); code >= ZERO && code <= NINE; code = s.charCodeAt(++i)) {
      value = value * 10 + (code - ZERO);
    }
    this.i = i;
    return i - start > EXACT_DIGITS ? Number(s.slice(start, i)) : value;
  }
}

/** Whether the character code `code` is an ASCII digit. */
export function isDigitCode(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

/** Whether the character code `code` is a lowercase ASCII letter (function names). */
export function isLetterCode(code: number): boolean {
  return code >= LOWER_A && code <= LOWER_Z;
}
