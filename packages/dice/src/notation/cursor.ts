/**
 * The reading position in a notation, with the small readers the grammar is built from (numbers,
 * compare points, labels) and the one way to fail: a {@link DiceNotationError} at a position.
 */
import type { ComparePoint } from './ast';
import { DiceNotationError } from './errors';
import { DICE_LIMITS } from './limits';

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

  /** Reads a number such as `12` or `2.5`. */
  number(): number {
    const start = this.i;
    while (isDigit(this.s[this.i])) this.i++;
    if (this.s[this.i] === '.') {
      this.i++;
      if (!isDigit(this.s[this.i])) this.fail('expected a digit after the decimal point');
      while (isDigit(this.s[this.i])) this.i++;
    }
    const value = Number(this.s.slice(start, this.i));
    if (!Number.isFinite(value)) this.fail('the number is too large', start);
    return value;
  }

  /** Reads a whole number, failing with "expected <what>" when there is none. */
  integer(what: string): number {
    const start = this.i;
    while (isDigit(this.s[this.i])) this.i++;
    if (this.i === start) this.fail(`expected ${what}`);
    if (this.s[this.i] === '.') this.fail(`${what} must be a whole number`);
    return Number(this.s.slice(start, this.i));
  }

  /** Reads a whole number if one starts here. */
  optionalInteger(): number | null {
    return isDigit(this.s[this.i]) ? this.integer('a whole number') : null;
  }

  /** Reads a whole number with an optional minus sign (compare points of Fudge dice). */
  signedInteger(): number {
    const negative = this.s[this.i] === '-';
    if (negative) this.i++;
    const value = this.integer('a number to compare with');
    return negative ? -value : value;
  }

  /** A compare point if one starts here; with `bareNumber`, `r2` means `r=2`. */
  optionalCompare(bareNumber = false): ComparePoint | null {
    const s = this.s;
    let op: ComparePoint['op'] | null = null;
    if (s.startsWith('>=', this.i)) op = '>=';
    else if (s.startsWith('<=', this.i)) op = '<=';
    else if (s.startsWith('!=', this.i) || s.startsWith('<>', this.i)) op = '!=';
    else if (s[this.i] === '=' || s[this.i] === '<' || s[this.i] === '>')
      op = s[this.i] as '=' | '<' | '>';
    if (op === null) {
      if (bareNumber && (isDigit(s[this.i]) || (s[this.i] === '-' && isDigit(s[this.i + 1])))) {
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
    while (this.s[j] === ' ' || this.s[j] === '\t') j++;
    if (this.s[j] !== '[') return null;
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
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++;
  }

  /** Throws a {@link DiceNotationError} at `index` (the current position by default). */
  fail(reason: string, index = this.i, code: 'DICE_SYNTAX' | 'DICE_LIMIT' = 'DICE_SYNTAX'): never {
    throw new DiceNotationError(code, reason, index);
  }
}

/** Whether `c` is an ASCII digit. */
export function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Whether `c` is a lowercase ASCII letter (function names). */
export function isLetter(c: string | undefined): boolean {
  return c !== undefined && c >= 'a' && c <= 'z';
}
