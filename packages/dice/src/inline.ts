/**
 * Inline rolls in text, as in chat: "Attack [[1d20+5]] for [[2d6+3]]" becomes
 * "Attack 17 for 9", with each roll's full result kept for the roll card.
 */
import { DiceNotationError } from './notation/errors';
import type { DiceSource } from './random/DiceSource';
import { rollWith } from './roll';
import type { RollResult } from './types';

/** Where one inline roll stands in a text. */
export interface InlineRollSpan {
  /** Index of the opening `[[`. */
  readonly start: number;
  /** Index just after the closing `]]`. */
  readonly end: number;
  /** The notation between the brackets. */
  readonly notation: string;
}

/** A text with its inline rolls replaced by their totals. */
export interface InlineRollText {
  readonly text: string;
  readonly rolls: readonly RollResult[];
}

/**
 * Finds the `[[…]]` spans of a text. Labels inside a roll (`[[2d6[fire]]]`) are balanced, so the
 * first `]]` at depth zero closes the roll.
 * @throws {DiceNotationError} `DICE_SYNTAX` for a `[[` that is never closed
 */
export function findInlineRolls(text: string): InlineRollSpan[] {
  const spans: InlineRollSpan[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('[[', from);
    if (start === -1) return spans;
    let depth = 0;
    let end = -1;
    for (let i = start + 2; i < text.length; i++) {
      const c = text[i];
      if (c === '[') depth++;
      else if (c === ']') {
        if (depth > 0) depth--;
        else if (text[i + 1] === ']') {
          end = i + 2;
          break;
        }
      }
    }
    if (end === -1)
      throw new DiceNotationError('DICE_SYNTAX', "expected ']]' to close the inline roll", start);
    spans.push({ start, end, notation: text.slice(start + 2, end - 2) });
    from = end;
  }
}

/**
 * Rolls every inline roll of `text` in order, drawing from one dice source.
 * @throws {DiceNotationError} with its position counted in the whole text
 */
export function rollInline(text: string, source: DiceSource): InlineRollText {
  const rolls: RollResult[] = [];
  let out = '';
  let last = 0;
  for (const span of findInlineRolls(text)) {
    let result: RollResult;
    try {
      result = rollWith(span.notation, source);
    } catch (error) {
      if (error instanceof DiceNotationError) {
        throw new DiceNotationError(error.code, error.reason, span.start + 2 + error.index);
      }
      throw error;
    }
    rolls.push(result);
    out += `${text.slice(last, span.start)}${result.total}`;
    last = span.end;
  }
  return { text: out + text.slice(last), rolls };
}
