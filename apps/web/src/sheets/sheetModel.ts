/**
 * The sheet model: what a field of a module's sheet shows for one actor, who may change it and
 * how (directly, through an intent, as the validating GM), whether a new value is acceptable,
 * and what a roll button asks for. Pure functions of the sheet, the actor and derive's output,
 * so the panel's components only draw and the rules here have their own tests.
 */
import {
  type Actor,
  type BoundField,
  type DerivedField,
  type ListField,
  type RollButton,
  type RowField,
  resolveNotation,
  SHEET_LIMITS,
  type SheetField,
  valueAtPath,
} from '@meshtable/schema';

/** A field that holds one value (not a list): of a section, or of a list row. */
export type ValueField = Exclude<BoundField, ListField> | RowField;

/** Who is looking at a sheet, as far as editing goes. */
export interface Viewer {
  readonly isGm: boolean;
  /** Whether this device is the validating GM peer (it writes the table itself). */
  readonly validating: boolean;
  /** Whether the viewer owns the actor. */
  readonly isOwner: boolean;
  /**
   * Whether the audit knows whom this device writes for (it has appended a signed intent to
   * the viewer's log: memberDevices.ts); until then an owner's edit goes as an intent.
   */
  readonly deviceKnown: boolean;
}

/**
 * How an edit of a field reaches the table:
 * - `gm`: a GM's write through the table's one write path (campaign/tableWrites.ts): the
 *   validating GM's device writes it, a GM's other device sends it as a `gm.edit`;
 * - `direct`: the owner writes a player-editable field into the actor themselves;
 * - `intent`: a `sheet.edit` intent the GM's validator rules on (pending until its receipt);
 * - `none`: the viewer cannot change it.
 */
export type EditRoute = 'gm' | 'direct' | 'intent' | 'none';

/** The values a sheet reads: the actor's `data`, derive's output, and the row of a list. */
export interface SheetValues {
  readonly actor: Pick<Actor, 'name' | 'data'>;
  /** derive's output, or null while it is not known (not loaded yet, or failed). */
  readonly derived: unknown;
}

/**
 * The route an edit of `field` takes for `viewer`. The GM edits anything bound; an owner edits
 * fields marked `"editable": "owner"` directly (once the audit knows their device) and asks for
 * the rest through intents; nobody else edits. A GM's other device asks for fields of `data`
 * with `sheet.edit` (ruled by the game system, as anyone's), and sends the name, which
 * `sheet.edit` cannot carry, as a GM's own edit.
 */
export function editRoute(
  field: { field: string; editable?: 'owner' | 'gm' },
  viewer: Viewer,
): EditRoute {
  const inData = field.field.startsWith('data.');
  if (viewer.isGm && (viewer.validating || !inData)) return 'gm';
  if (viewer.isOwner && field.editable === 'owner' && viewer.deviceKnown) return 'direct';
  if (viewer.isGm || viewer.isOwner) return inData ? 'intent' : 'none';
  return 'none';
}

/** The path of a field on the actor record: `name` → `['name']`, `data.a.b` → `['data','a','b']`. */
export function actorPath(field: string): string[] {
  return field.split('.');
}

/** The value a bound field shows: the actor's name, or the value at its path in `data`. */
export function boundValue(actor: Pick<Actor, 'name' | 'data'>, field: string): unknown {
  if (field === 'name') return actor.name;
  return valueAtPath(actor.data, field.slice('data.'.length));
}

/**
 * The value a reference of a decoration (badge, suffix, warn) or a derived field points at:
 * `field` reads the actor, `derived` derive's output (undefined while there is none).
 */
export function sourceValue(
  source: { readonly field?: string | undefined; readonly derived?: string | undefined },
  values: SheetValues,
): unknown {
  if (source.derived !== undefined) {
    return values.derived === null ? undefined : valueAtPath(values.derived, source.derived);
  }
  return source.field === undefined ? undefined : boundValue(values.actor, source.field);
}

/** The value of a derived field. */
export function derivedValue(field: DerivedField, values: SheetValues): unknown {
  return sourceValue(field, values);
}

/**
 * A value as a sheet shows it: `signed` gives numbers a sign (+2, −1), `of` reads "of 24";
 * booleans read yes/no; missing values a dash; a unit follows.
 */
export function formatValue(
  value: unknown,
  format: 'plain' | 'signed' | 'of' = 'plain',
  unit?: string,
): string {
  let text: string;
  if (value === undefined || value === null) return '—';
  if (typeof value === 'number') {
    text = format === 'signed' && value >= 0 ? `+${value}` : String(value).replace('-', '−');
  } else if (typeof value === 'boolean') text = value ? 'yes' : 'no';
  else if (typeof value === 'string') text = value;
  else text = JSON.stringify(value);
  if (format === 'of') text = `of ${text}`;
  return unit === undefined ? text : `${text} ${unit}`;
}

/** A number field's bound, resolved: a number, or `@path` read from data or derive. */
export function resolveBound(
  bound: number | string | undefined,
  values: SheetValues,
  item?: unknown,
): number | undefined {
  if (bound === undefined || typeof bound === 'number') return bound;
  const ref = bound.slice(1);
  const value = ref.startsWith('data.')
    ? valueAtPath(values.actor.data, ref.slice('data.'.length))
    : item !== undefined && ref.startsWith('item.')
      ? valueAtPath(item, ref.slice('item.'.length))
      : values.derived === null
        ? undefined
        : valueAtPath(values.derived, ref);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Why `value` cannot be the new value of `field`, or null when it can: the checks the sheet
 * format states for each type (a number within its bounds, a select's option, a dice code, a track's boxes), before anything is written or sent.
 * @param item the list row, for a row field's `@item` bounds
 */
export function checkFieldValue(
  field: ValueField,
  value: unknown,
  values: SheetValues,
  item?: unknown,
): string | null {
  switch (field.type) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return `${field.label} must be a number`;
      const min = resolveBound(field.min, values, item);
      const max = resolveBound(field.max, values, item);
      if (min !== undefined && value < min) return `${field.label} must be at least ${min}`;
      if (max !== undefined && value > max) return `${field.label} must be at most ${max}`;
      return null;
    }
    case 'text':
    case 'textarea': {
      if (typeof value !== 'string') return `${field.label} must be text`;
      const max = field.maxLength ?? SHEET_LIMITS.textLength;
      if (value.length > max) return `${field.label} must have at most ${max} characters`;
      if (field.field === 'name' && value.trim() === '') return 'A name cannot be empty';
      return null;
    }
    case 'checkbox':
      return typeof value === 'boolean' ? null : `${field.label} must be ticked or not`;
    case 'select':
      return field.options.some((option) => option.value === value)
        ? null
        : `${field.label} must be one of its options`;
    case 'dice': {
      // The roll hook parses it when a button rolls it; the sheet format asks for a non-empty code.
      if (typeof value !== 'string' || value.trim() === '' || value.length > SHEET_LIMITS.notation)
        return `${field.label} needs a dice code such as 1d8+2`;
      return null;
    }
    case 'track': {
      const max = typeof field.max === 'number' ? field.max : resolveBound(field.max, values, item);
      if (!Number.isInteger(value) || (value as number) < 0)
        return `${field.label} must be a whole number from 0`;
      if (max !== undefined && (value as number) > max) return `${field.label} has ${max} boxes`;
      return null;
    }
  }
}

/** The number of boxes a track field draws. */
export function trackBoxes(
  field: Extract<ValueField, { type: 'track' }>,
  values: SheetValues,
): number {
  const max = typeof field.max === 'number' ? field.max : resolveBound(field.max, values);
  return Math.max(0, Math.min(SHEET_LIMITS.trackBoxes, Math.floor(max ?? 0)));
}

/** The rows of a list field on the actor (an empty list when the data holds none). */
export function listRows(field: ListField, actor: Pick<Actor, 'name' | 'data'>): unknown[] {
  const rows = boundValue(actor, field.field);
  return Array.isArray(rows) ? rows : [];
}

/**
 * The rows after adding `newItem` at the end.
 * @throws {RangeError} when the list holds its `max` rows already
 */
export function addRow(field: ListField, rows: readonly unknown[]): unknown[] {
  const max = field.max ?? SHEET_LIMITS.listItems;
  if (rows.length >= max) throw new RangeError(`${field.label} holds at most ${max} rows`);
  return [...rows, structuredClone(field.newItem)];
}

/** The rows without row `index`. */
export function removeRow(rows: readonly unknown[], index: number): unknown[] {
  return rows.filter((_row, at) => at !== index);
}

/** The rows with `value` at `rowField` of row `index` (a path inside the row). */
export function setRowValue(
  rows: readonly unknown[],
  index: number,
  rowField: RowField,
  value: unknown,
): unknown[] {
  return rows.map((row, at) => {
    if (at !== index) return row;
    const copy = structuredClone((row ?? {}) as Record<string, unknown>);
    const keys = rowField.field.split('.');
    let into: Record<string, unknown> = copy;
    for (const key of keys.slice(0, -1)) {
      const next = into[key];
      into[key] = typeof next === 'object' && next !== null ? next : {};
      into = into[key] as Record<string, unknown>;
    }
    into[keys[keys.length - 1] as string] = value;
    return copy;
  });
}

/** The value of a row field in a row. */
export function rowValue(row: unknown, rowField: RowField): unknown {
  return valueAtPath(row, rowField.field);
}

/**
 * The request a roll button sends: its notation with every `@path` replaced, its label, its
 * fixed options and the answers to its questions (DESIGN.md §4: the module's `roll` hook reads
 * them). Answers and options never replace the notation; a `label` option names the roll.
 * @throws {RangeError} naming a reference that is missing or not a number or a dice code
 */
export function rollRequestOf(
  button: RollButton,
  values: SheetValues,
  answers: Readonly<Record<string, string | number | boolean>> = {},
  item?: unknown,
): { notation: string; label: string; options: Record<string, string | number | boolean> } {
  const notation = resolveNotation(button.notation, {
    data: values.actor.data,
    derived: values.derived ?? {},
    ...(item === undefined ? {} : { item }),
  });
  // A `label` among the options names the roll (the request's label); the rest go as they are.
  const { label, ...options } = { ...button.options, ...answers };
  return {
    notation,
    label: typeof label === 'string' && label.trim() !== '' ? label : button.label,
    options,
  };
}

/** Whether a section field is bound to the actor and holds one value (not derived, not a list). */
export function isValueField(field: SheetField): field is Exclude<BoundField, ListField> {
  return 'type' in field && 'field' in field && field.type !== 'list';
}

/** Whether a section field is a list. */
export function isListField(field: SheetField): field is ListField {
  return 'type' in field && field.type === 'list';
}
