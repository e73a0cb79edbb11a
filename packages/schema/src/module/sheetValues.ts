/**
 * A sheet against one actor: does every value it refers to exist, and does every roll button
 * resolve to a notation? The format check (sheet.ts) cannot know what `derive` returns; this
 * one runs with an actor and its derive output in hand, in a module's tests and in the test
 * over every module.
 */
import { resolveNotation, valueAtPath } from './paths';
import type { ContentIssue, Sheet } from './sheet';
import { fieldsOf, refsOf, type SheetLocation } from './sheetRefs';

/** A roll button of a sheet with its notation resolved for one actor (and row). */
export interface ResolvedRoll {
  readonly at: SheetLocation;
  readonly label: string;
  /** The notation with every `@path` replaced, as the app sends it to the roll hook. */
  readonly notation: string;
}

/** What {@link checkSheetValues} found. */
export interface SheetValues {
  /** References that point at nothing, and roll notations that do not resolve. */
  readonly problems: ContentIssue[];
  /** Every roll button that resolved: in a list, once per row and once for `newItem`. */
  readonly rolls: ResolvedRoll[];
}

/**
 * Checks a sheet against an actor's data and derive's output for it: each derived path, badge,
 * suffix, warning and bound names a value that exists (a bound, a number), and each roll
 * notation resolves. A list's buttons are resolved for each of its rows and for its `newItem`.
 * Check `rolls[].notation` with the dice parser to be sure each is valid dice.
 * @param data the actor's `data`
 * @param derived what `derive` returned for the actor
 */
export function checkSheetValues(
  sheet: Pick<Sheet, 'sections' | 'title'>,
  data: unknown,
  derived: unknown,
): SheetValues {
  const problems: ContentIssue[] = [];
  const rolls: ResolvedRoll[] = [];
  for (const use of refsOf(sheet)) {
    if (use.source === 'item') continue;
    const value = valueAtPath(use.source === 'data' ? data : derived, use.path);
    const place = use.source === 'data' ? "the actor's data" : "derive's output";
    const last = use.at[use.at.length - 1];
    if (value === undefined) {
      problems.push({ path: use.at, message: `${place} has no "${use.path}"` });
    } else if ((last === 'min' || last === 'max') && typeof value !== 'number') {
      problems.push({
        path: use.at,
        message: `@${use.ref} must be a number; ${place} has ${JSON.stringify(value)}`,
      });
    }
  }
  for (const { field, at, list } of fieldsOf(sheet)) {
    const roll = 'roll' in field ? field.roll : undefined;
    if (roll === undefined) continue;
    const rows = list === undefined ? [undefined] : [...rowsOf(list.field, data), list.newItem];
    for (const item of rows) {
      try {
        rolls.push({
          at,
          label: roll.label,
          notation: resolveNotation(roll.notation, { data, derived, item }),
        });
      } catch (error) {
        const row =
          item === undefined ? '' : item === list?.newItem ? ' (for newItem)' : ' (for a row)';
        problems.push({
          path: [...at, 'roll', 'notation'],
          message: `${(error as Error).message}${row}`,
        });
      }
    }
  }
  return { problems, rolls };
}

/** The rows of the list at `field` (`data.attacks`) in the actor's data; none if it is not a list. */
function rowsOf(field: string, data: unknown): unknown[] {
  const rows = valueAtPath(data, field.slice('data.'.length));
  return Array.isArray(rows) ? rows : [];
}
