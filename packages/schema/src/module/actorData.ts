/**
 * Does an actor's data fit its sheet? Every field bound to `data.…` must find a value of its
 * type there: a number for a number field, one of the options for a select, rows of the right
 * shape for a list. A sheet's `defaults` and a compendium entry are checked this way, so a
 * misspelt field path (`data.abilites.might`) is an error rather than a blank box.
 */
import { valueAtPath } from './paths';
import type { Sheet } from './sheet';
import type { BoundField, ListField, RowField } from './sheetFields';
import { SHEET_LIMITS } from './sheetFields';

/** A value that does not fit, at its path inside the data checked. */
export interface DataProblem {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

/**
 * The problems of `data` as the data of an actor shown with `sheet` (none when it fits).
 * Keys the sheet does not show are free: the rules may keep what they like.
 */
export function checkActorData(sheet: Pick<Sheet, 'sections'>, data: unknown): DataProblem[] {
  const problems: DataProblem[] = [];
  for (const section of sheet.sections) {
    for (const field of section.fields) {
      if (!('type' in field) || !('field' in field) || !field.field.startsWith('data.')) continue;
      const path = field.field.slice('data.'.length);
      checkValue(field, valueAtPath(data, path), path.split('.'), problems);
    }
  }
  return problems;
}

/** The problems of one row of a list (a `newItem`, a row of the data). */
export function checkListRow(list: ListField, row: unknown): DataProblem[] {
  const problems: DataProblem[] = [];
  checkRow(list, row, [], problems);
  return problems;
}

function checkValue(
  field: BoundField | RowField,
  value: unknown,
  path: ReadonlyArray<string | number>,
  problems: DataProblem[],
): void {
  const what = `"${field.label}"`;
  if (value === undefined) {
    problems.push({ path, message: `is missing: the ${field.type} field ${what} shows it` });
    return;
  }
  if (field.type === 'list') {
    if (!Array.isArray(value)) {
      problems.push({ path, message: `must be a list of rows: the list field ${what} shows it` });
      return;
    }
    const max = field.max ?? SHEET_LIMITS.listItems;
    if (value.length > max) {
      problems.push({ path, message: `has ${value.length} rows; the list ${what} allows ${max}` });
    }
    for (const [index, row] of value.entries()) checkRow(field, row, [...path, index], problems);
    return;
  }
  const wrong = misfit(field, value);
  if (wrong !== undefined)
    problems.push({ path, message: `${wrong} (the ${field.type} field ${what})` });
}

function checkRow(
  list: ListField,
  row: unknown,
  path: ReadonlyArray<string | number>,
  problems: DataProblem[],
): void {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    problems.push({ path, message: `must be an object: a row of the list "${list.label}"` });
    return;
  }
  for (const field of list.fields) {
    checkValue(
      field,
      valueAtPath(row, field.field),
      [...path, ...field.field.split('.')],
      problems,
    );
  }
}

/** Why `value` cannot be the value of `field`, or undefined when it can. */
function misfit(
  field: Exclude<BoundField | RowField, ListField>,
  value: unknown,
): string | undefined {
  switch (field.type) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (typeof field.min === 'number' && value < field.min)
        return `must be at least ${field.min}`;
      if (typeof field.max === 'number' && value > field.max) return `must be at most ${field.max}`;
      return undefined;
    }
    case 'text':
    case 'textarea': {
      if (typeof value !== 'string') return 'must be a string';
      const max = field.maxLength ?? SHEET_LIMITS.textLength;
      return value.length > max ? `must have at most ${max} characters` : undefined;
    }
    case 'checkbox':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'select':
      return field.options.some((option) => option.value === value)
        ? undefined
        : `must be one of ${field.options.map((option) => JSON.stringify(option.value)).join(', ')}`;
    case 'dice':
      return typeof value === 'string' &&
        value.trim() !== '' &&
        value.length <= SHEET_LIMITS.notation
        ? undefined
        : 'must be a dice code such as "1d8+2"';
    case 'track': {
      if (!Number.isInteger(value) || (value as number) < 0) {
        return 'must be a whole number of ticked boxes, 0 or more';
      }
      return typeof field.max === 'number' && (value as number) > field.max
        ? `must be at most ${field.max} (the track's boxes)`
        : undefined;
    }
  }
}

/**
 * The data of a new actor made from a compendium entry: the sheet's `defaults`, with the
 * entry's data laid over them. Objects merge key by key; any other value (a number, a list)
 * replaces the default. So an entry states only what differs from a fresh actor.
 */
export function mergeActorData(
  defaults: Readonly<Record<string, unknown>>,
  data: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  // Object.fromEntries defines own properties, so a "__proto__" key of the JSON stays a key.
  const merged = new Map(Object.entries(defaults));
  for (const [key, value] of Object.entries(data)) {
    const base = merged.get(key);
    merged.set(
      key,
      isPlainObject(base) && isPlainObject(value) ? mergeActorData(base, value) : value,
    );
  }
  return Object.fromEntries(merged);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
