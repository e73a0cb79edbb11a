/**
 * Checks, as the bytes of an upload arrive, that they are exactly one JSON object (RFC 8259) in
 * UTF-8: the shape of a Universal VTT map (.dd2vtt, .uvtt). It builds nothing, so memory stays at
 * the nesting stack however large the file; the relay never holds a whole upload to parse it.
 * A UTF-8 byte order mark is allowed before the object, whitespace around it, nothing else.
 */

/** Deepest nesting accepted, as elsewhere in Meshtable (canonical JSON, module content). */
export const MAX_JSON_ASSET_DEPTH = 64;

// What the next byte may be. Plain numbers rather than an enum: this is the hot loop.
const START = 0; // whitespace, then the top-level `{`
const BOM = 1; // inside the 3-byte byte order mark
const VALUE = 2; // a value (after `:` or `,` in an array)
const ARRAY_FIRST = 3; // a value or `]`
const OBJECT_FIRST = 4; // a key or `}`
const KEY = 5; // a key (after `,` in an object)
const COLON = 6;
const AFTER_VALUE = 7; // `,` or the closing bracket of the container
const STRING = 8;
const ESCAPE = 9;
const UNICODE = 10; // the hex digits of \uXXXX
const LITERAL = 11; // the rest of true, false or null
const NUM_MINUS = 12;
const NUM_ZERO = 13;
const NUM_INT = 14;
const NUM_DOT = 15;
const NUM_FRAC = 16;
const NUM_E = 17;
const NUM_E_SIGN = 18;
const NUM_EXP = 19;
const DONE = 20;

const OBJECT = 0;
const ARRAY = 1;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
const isHex = (b: number) => isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
const ESCAPABLE = new Set([...'"\\/bfnrt'].map((c) => c.charCodeAt(0)));

function show(byte: number): string {
  return byte >= 0x21 && byte <= 0x7e
    ? `'${String.fromCharCode(byte)}'`
    : `byte 0x${byte.toString(16).padStart(2, '0')}`;
}

/**
 * A streaming syntax check of one JSON object.
 * @example
 * const check = new JsonObjectChecker();
 * for (const chunk of chunks) { const problem = check.push(chunk); if (problem) throw … }
 * const problem = check.end();
 */
export class JsonObjectChecker {
  private state = START;
  private offset = 0;
  private readonly stack: number[] = [];
  private stringIsKey = false;
  private pending = 0; // hex digits of \u, or BOM bytes, still to come
  private literal = '';
  private literalAt = 0;
  private problem: string | undefined;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });

  /**
   * Reads the next bytes.
   * @returns what is wrong, in words with the byte offset, or undefined while all is well
   */
  push(chunk: Uint8Array): string | undefined {
    if (this.problem) return this.problem;
    try {
      // Only strings may hold non-ASCII bytes, and the decoder checks that they are UTF-8.
      this.utf8.decode(chunk, { stream: true });
    } catch {
      this.problem = `the text is not valid UTF-8 (within bytes ${this.offset} to ${this.offset + chunk.length})`;
      return this.problem;
    }
    const length = chunk.length;
    let i = 0;
    while (i < length) {
      const b = chunk[i] as number;
      switch (this.state) {
        case STRING: {
          // Fast path: the long base64 image of a UVTT file is one string.
          let j = i;
          while (j < length) {
            const c = chunk[j] as number;
            if (c === QUOTE || c === BACKSLASH || c < 0x20) break;
            j++;
          }
          if (j === length) {
            i = j;
            continue;
          }
          i = j;
          const c = chunk[j] as number;
          if (c === QUOTE) this.state = this.stringIsKey ? COLON : this.afterValue();
          else if (c === BACKSLASH) this.state = ESCAPE;
          else return this.fail(`a control character (${show(c)}) inside a string`, i);
          break;
        }
        case START:
          if (b === 0xef && this.offset + i === 0) {
            this.state = BOM;
            this.pending = 2;
          } else if (b === 0x7b) this.open(OBJECT, i);
          else if (!isSpace(b)) return this.fail(`expected '{', found ${show(b)}`, i);
          break;
        case BOM: {
          const expected = this.pending === 2 ? 0xbb : 0xbf;
          if (b !== expected) return this.fail('a broken byte order mark', i);
          if (--this.pending === 0) this.state = START;
          break;
        }
        case VALUE:
        case ARRAY_FIRST:
          if (isSpace(b)) break;
          if (b === 0x5d /* ] */ && this.state === ARRAY_FIRST) {
            this.stack.pop();
            this.state = this.afterValue();
            break;
          }
          if (!this.startValue(b, i)) return this.fail(`expected a value, found ${show(b)}`, i);
          break;
        case OBJECT_FIRST:
        case KEY:
          if (isSpace(b)) break;
          if (b === QUOTE) {
            this.state = STRING;
            this.stringIsKey = true;
          } else if (b === 0x7d /* } */ && this.state === OBJECT_FIRST) {
            this.stack.pop();
            this.state = this.afterValue();
          } else return this.fail(`expected a key in double quotes, found ${show(b)}`, i);
          break;
        case COLON:
          if (b === 0x3a) this.state = VALUE;
          else if (!isSpace(b)) return this.fail(`expected ':', found ${show(b)}`, i);
          break;
        case AFTER_VALUE: {
          if (isSpace(b)) break;
          const inObject = this.stack[this.stack.length - 1] === OBJECT;
          if (b === 0x2c /* , */) this.state = inObject ? KEY : VALUE;
          else if (b === (inObject ? 0x7d : 0x5d)) {
            this.stack.pop();
            this.state = this.afterValue();
          } else {
            return this.fail(`expected ',' or '${inObject ? '}' : ']'}', found ${show(b)}`, i);
          }
          break;
        }
        case ESCAPE:
          if (ESCAPABLE.has(b)) this.state = STRING;
          else if (b === 0x75 /* u */) {
            this.state = UNICODE;
            this.pending = 4;
          } else return this.fail(`an unknown escape \\${String.fromCharCode(b)}`, i);
          break;
        case UNICODE:
          if (!isHex(b)) return this.fail(`expected a hex digit in \\u, found ${show(b)}`, i);
          if (--this.pending === 0) this.state = STRING;
          break;
        case LITERAL:
          if (b !== this.literal.charCodeAt(this.literalAt)) {
            return this.fail(`expected ${this.literal}, found ${show(b)}`, i);
          }
          if (++this.literalAt === this.literal.length) this.state = this.afterValue();
          break;
        case NUM_MINUS:
          if (b === 0x30) this.state = NUM_ZERO;
          else if (isDigit(b)) this.state = NUM_INT;
          else return this.fail(`expected a digit after '-', found ${show(b)}`, i);
          break;
        case NUM_ZERO:
        case NUM_INT:
        case NUM_FRAC:
        case NUM_EXP:
          if (isDigit(b) && this.state !== NUM_ZERO) break;
          if (b === 0x2e /* . */ && (this.state === NUM_ZERO || this.state === NUM_INT)) {
            this.state = NUM_DOT;
          } else if ((b === 0x65 || b === 0x45) && this.state !== NUM_EXP) this.state = NUM_E;
          else {
            // The number ended at this byte, which is read again as what follows a value.
            this.state = this.afterValue();
            continue;
          }
          break;
        case NUM_DOT:
          if (isDigit(b)) this.state = NUM_FRAC;
          else return this.fail(`expected a digit after '.', found ${show(b)}`, i);
          break;
        case NUM_E:
          if (b === 0x2b || b === 0x2d) this.state = NUM_E_SIGN;
          else if (isDigit(b)) this.state = NUM_EXP;
          else return this.fail(`expected an exponent, found ${show(b)}`, i);
          break;
        case NUM_E_SIGN:
          if (isDigit(b)) this.state = NUM_EXP;
          else return this.fail(`expected an exponent, found ${show(b)}`, i);
          break;
        case DONE:
          if (!isSpace(b)) return this.fail(`${show(b)} after the end of the object`, i);
          break;
      }
      if (this.problem) return this.problem;
      i++;
    }
    this.offset += length;
    return undefined;
  }

  /**
   * Ends the input.
   * @returns what is wrong (the object is unfinished, the text ends inside a character), or
   * undefined when the bytes were one JSON object
   */
  end(): string | undefined {
    if (this.problem) return this.problem;
    try {
      this.utf8.decode();
    } catch {
      this.problem = 'the text ends inside a UTF-8 character';
      return this.problem;
    }
    if (this.state !== DONE) {
      return this.fail(
        this.offset === 0 || this.state === START
          ? 'no JSON object'
          : 'the JSON object is cut short',
        0,
      );
    }
    return undefined;
  }

  /** Starts the value whose first byte is `b`; false when no value starts so. */
  private startValue(b: number, i: number): boolean {
    switch (b) {
      case 0x7b:
        this.open(OBJECT, i);
        return true;
      case 0x5b:
        this.open(ARRAY, i);
        return true;
      case QUOTE:
        this.state = STRING;
        this.stringIsKey = false;
        return true;
      case 0x2d:
        this.state = NUM_MINUS;
        return true;
      case 0x30:
        this.state = NUM_ZERO;
        return true;
      case 0x74:
      case 0x66:
      case 0x6e:
        this.literal = b === 0x74 ? 'true' : b === 0x66 ? 'false' : 'null';
        this.literalAt = 1;
        this.state = LITERAL;
        return true;
      default:
        if (!isDigit(b)) return false;
        this.state = NUM_INT;
        return true;
    }
  }

  /** Opens an object or array; past the depth limit, records the problem instead. */
  private open(kind: number, i: number): void {
    if (this.stack.length >= MAX_JSON_ASSET_DEPTH) {
      this.fail(`nesting deeper than ${MAX_JSON_ASSET_DEPTH} levels`, i);
      return;
    }
    this.stack.push(kind);
    this.state = kind === OBJECT ? OBJECT_FIRST : ARRAY_FIRST;
  }

  private afterValue(): number {
    return this.stack.length === 0 ? DONE : AFTER_VALUE;
  }

  private fail(what: string, indexInChunk: number): string {
    this.problem ??= `${what} (at byte ${this.offset + indexInChunk})`;
    return this.problem;
  }
}
