/**
 * The compact text form of a roll: `4d6kh3: [6, 5, 3, ~~1~~] = 14`. Marks after a face:
 * `!` exploded, `!!` compounded, `p` penetrated, `r` rerolled, `*` success, `_` failure;
 * dropped dice and group entries are struck through (`~~1~~`).
 */
import type { WorkingDie } from './rollDiceTerm';

/** A number as shown to players: whole numbers as they are, others to at most 4 decimals. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
}

/**
 * Appends a dice term's dice to `text`: `[6, 5, 3, ~~1~~]`, with its label if any. Each piece is
 * appended as it goes (no string per die): rendering is a good part of a small roll's cost.
 */
export function formatDice(
  text: string,
  dice: readonly WorkingDie[],
  label: string | null,
): string {
  text += '[';
  for (let i = 0; i < dice.length; i++) {
    const die = dice[i] as WorkingDie;
    if (i > 0) text += ', ';
    if (!die.kept) text += '~~';
    text += die.value;
    if (die.compounded.length > 0) text += '!!';
    else if (die.exploded) text += '!';
    if (die.penetrated) text += 'p';
    if (die.rerolls.length > 0) text += 'r';
    if (die.success) text += '*';
    if (die.failure) text += '_';
    if (!die.kept) text += '~~';
  }
  text += ']';
  return label === null ? text : `${text}[${label}]`;
}
