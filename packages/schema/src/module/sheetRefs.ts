/**
 * What a sheet reads: every field with its place in the sheet, and every value it refers to
 * (derived paths, `@path` references of notations and bounds). The sheet check, the module
 * harness and the app use these, so "what does this sheet need from derive" has one answer.
 */
import { classifyRef, refsInNotation, type SheetRef } from './paths';
import type { Sheet } from './sheet';
import type { ListField, RollButton, RowField, SheetField } from './sheetFields';

/** A place in a sheet definition, as JSON keys and indices (`sections.1.fields.0.roll`). */
export type SheetLocation = ReadonlyArray<string | number>;

/** A field of a sheet, and where it is; a list row's field also names its list. */
export interface FieldVisit {
  readonly field: SheetField | RowField;
  readonly at: SheetLocation;
  /** The list this field is a row field of, if it is one. */
  readonly list?: ListField;
}

/** A reference of a sheet to a value, and where the sheet makes it. */
export interface RefUse extends SheetRef {
  readonly at: SheetLocation;
}

/** Every field of a sheet, list row fields included (after their list), in sheet order. */
export function fieldsOf(sheet: Pick<Sheet, 'sections'>): FieldVisit[] {
  const visits: FieldVisit[] = [];
  for (const [s, section] of sheet.sections.entries()) {
    for (const [f, field] of section.fields.entries()) {
      const at = ['sections', s, 'fields', f];
      visits.push({ field, at });
      if ('type' in field && field.type === 'list') {
        for (const [r, row] of field.fields.entries()) {
          visits.push({ field: row, at: [...at, 'fields', r], list: field });
        }
      }
    }
  }
  return visits;
}

/**
 * Every value a sheet refers to: the title, `derived` fields, badges, suffixes and warnings,
 * `@path` references in roll notations, and bounds written as `@path`.
 */
export function refsOf(sheet: Pick<Sheet, 'sections' | 'title'>): RefUse[] {
  const uses: RefUse[] = [];
  const source = (value: { field?: string; derived?: string }, at: SheetLocation) => {
    if (value.derived !== undefined) {
      uses.push({
        ...classifyRef(value.derived, false),
        source: 'derived',
        at: [...at, 'derived'],
      });
    } else if (value.field?.startsWith('data.')) {
      uses.push({ ...classifyRef(value.field, false), at: [...at, 'field'] });
    }
  };
  const bound = (value: unknown, at: SheetLocation, inList: boolean) => {
    if (typeof value === 'string' && value.startsWith('@')) {
      uses.push({ ...classifyRef(value.slice(1), inList), at });
    }
  };
  const roll = (button: RollButton | undefined, at: SheetLocation, inList: boolean) => {
    if (button === undefined) return;
    for (const ref of refsInNotation(button.notation)) {
      uses.push({ ...classifyRef(ref, inList), at: [...at, 'roll', 'notation'] });
    }
  };

  source(sheet.title, ['title']);
  for (const { field, at, list } of fieldsOf(sheet)) {
    const inList = list !== undefined;
    if ('derived' in field && field.derived !== undefined) source(field, at);
    for (const key of ['badge', 'suffix', 'warn'] as const) {
      const decoration = (
        field as Partial<Record<typeof key, { field?: string; derived?: string }>>
      )[key];
      if (decoration !== undefined) source(decoration, [...at, key]);
    }
    if ('min' in field) bound(field.min, [...at, 'min'], inList);
    if ('max' in field) bound(field.max, [...at, 'max'], inList);
    if ('roll' in field) roll(field.roll, at, inList);
  }
  return uses;
}

/**
 * The paths of derive's output a sheet shows or refers to, each once, in sheet order. A
 * module's test checks that derive provides each of them:
 * @example
 * ```ts
 * const derived = await rules.derive(actor);
 * for (const path of derivedPathsOf(rules.sheets.character)) {
 *   expect(valueAtPath(derived, path), path).toBeDefined();
 * }
 * ```
 */
export function derivedPathsOf(sheet: Pick<Sheet, 'sections' | 'title'>): string[] {
  const paths = refsOf(sheet)
    .filter((use) => use.source === 'derived')
    .map((use) => use.path);
  return [...new Set(paths)];
}
