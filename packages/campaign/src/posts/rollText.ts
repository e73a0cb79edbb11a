/**
 * The words after `/r` in the chat: a dice notation, then an optional label (`/r 1d20+5
 * Perception`). The notation may have spaces in it (`/r 2d6 + 3 fire`): the longest run of
 * leading words that parses as a notation is the notation, and the rest is the label. Checked
 * here, before anything is signed, so a typo gets a local error instead of a rejected intent.
 */
import { DiceNotationError, parse } from '@meshtable/dice';
import { rollLabelSchema } from '../client/intentKinds';

/** What {@link splitRollText} found: the notation and label, or what is wrong, for people. */
export type RollText =
  | { readonly ok: true; readonly notation: string; readonly label?: string }
  | { readonly ok: false; readonly message: string };

/**
 * Splits the text of a roll command into its notation and label.
 * @example splitRollText('2d6 + 1 fire damage') // { ok: true, notation: '2d6 + 1', label: 'fire damage' }
 */
export function splitRollText(text: string): RollText {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  if (words.length === 0) {
    return { ok: false, message: 'Say what to roll, such as /r 2d6+1 or /r 1d20+5 Perception.' };
  }
  let firstProblem = '';
  for (let count = words.length; count >= 1; count--) {
    const notation = words.slice(0, count).join(' ');
    try {
      parse(notation);
    } catch (error) {
      if (!(error instanceof DiceNotationError)) throw error;
      // The error of the first word alone says best what is wrong with the notation.
      if (count === 1) firstProblem = error.message;
      continue;
    }
    const rest = words.slice(count).join(' ');
    if (rest === '') return { ok: true, notation };
    const label = rollLabelSchema.safeParse(rest);
    if (!label.success) {
      return { ok: false, message: 'A roll’s label is at most 100 characters.' };
    }
    return { ok: true, notation, label: label.data };
  }
  return { ok: false, message: `"${words[0]}" is not a dice notation: ${firstProblem}` };
}
