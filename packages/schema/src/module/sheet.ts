/**
 * A module's character sheet (`sheets/<type>.json`, format 1): the UI definition the table's
 * panels draw for every actor of one type. Strict and capped: an unknown key, a misspelt field
 * path or a roll that names a missing prompt is an error naming its place in the file, so the
 * author learns of it from `meshtable module check`, not from a blank sheet at the table.
 * docs/modules/README.md#sheets is the reference.
 */
import '../zodWithoutEval';
import { z } from 'zod';
import { checkActorData, checkListRow } from './actorData';
import { actorPathSchema, valuePathSchema } from './paths';
import { rollQuestionSchema, SHEET_LIMITS, sheetFieldSchema } from './sheetFields';
import { fieldsOf, refsOf } from './sheetRefs';

/** The sheet format this version reads. A sheet says `"format": 1`. */
export const SHEET_FORMAT = 1;

/** An actor type: a key of the manifest's `sheets` (`character`, `npc`, `vehicle`). */
export const actorTypeSchema = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]{0,63}$/,
    'must be 1 to 64 letters, digits, _ or -, starting with a letter',
  );

/**
 * A JSON object of actor data (`defaults`, a compendium entry's `data`), within
 * {@link SHEET_LIMITS}' `dataChars` and `dataDepth`.
 */
export const actorDataSchema = z.record(z.string(), z.json()).superRefine((data, ctx) => {
  const chars = JSON.stringify(data).length;
  if (chars > SHEET_LIMITS.dataChars) {
    ctx.addIssue({
      code: 'custom',
      message: `has ${chars} characters of JSON; at most ${SHEET_LIMITS.dataChars} are allowed`,
    });
  } else if (nestsDeeperThan(data, SHEET_LIMITS.dataDepth)) {
    ctx.addIssue({
      code: 'custom',
      message: `nests deeper than ${SHEET_LIMITS.dataDepth} levels`,
    });
  }
});

const sectionSchema = z.strictObject({
  title: z.string().trim().min(1).max(SHEET_LIMITS.label),
  columns: z.number().int().min(1).max(SHEET_LIMITS.columns).optional(),
  fields: z
    .array(sheetFieldSchema)
    .min(1, 'a section needs at least one field')
    .max(SHEET_LIMITS.fieldsPerSection),
});

const titleSchema = z
  .strictObject({ field: actorPathSchema.optional(), derived: valuePathSchema.optional() })
  .superRefine((title, ctx) => {
    if ((title.field === undefined) === (title.derived === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'needs exactly one of "field" and "derived"' });
    }
  });

const sheetShape = z.strictObject({
  format: z.literal(SHEET_FORMAT, `must be ${SHEET_FORMAT}`),
  actorType: actorTypeSchema,
  title: titleSchema,
  defaults: actorDataSchema,
  prompts: z
    .record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must be 1 to 64 letters, digits, _ or -'),
      rollQuestionSchema,
    )
    .refine((prompts) => Object.keys(prompts).length <= SHEET_LIMITS.prompts, {
      message: `must have at most ${SHEET_LIMITS.prompts} prompts`,
    })
    .optional(),
  sections: z
    .array(sectionSchema)
    .min(1, 'a sheet needs at least one section')
    .max(SHEET_LIMITS.sections),
});

/**
 * The sheet schema: the shape above, then what spans fields. A roll's named prompts exist and
 * its request keys are unique; a list row's `@item.…` names a field of the row; `defaults` and
 * each list's `newItem` fit the fields that show them.
 */
export const sheetSchema = sheetShape.superRefine((sheet, ctx) => {
  for (const { field, at, list } of fieldsOf(sheet)) {
    const roll = 'roll' in field ? field.roll : undefined;
    if (roll !== undefined) {
      const keys = new Set(Object.keys(roll.options ?? {}));
      for (const [index, question] of (roll.ask ?? []).entries()) {
        const where = [...at, 'roll', 'ask', index];
        const resolved = typeof question === 'string' ? sheet.prompts?.[question] : question;
        if (resolved === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: where,
            message: `names the prompt "${question}", which the sheet's prompts do not define`,
          });
          continue;
        }
        if (keys.has(resolved.key)) {
          ctx.addIssue({
            code: 'custom',
            path: where,
            message: `sets "${resolved.key}" of the request, which an option or another question sets too`,
          });
        }
        keys.add(resolved.key);
      }
    }
    if (list === undefined && 'type' in field && field.type === 'list') {
      for (const problem of checkListRow(field, field.newItem)) {
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'newItem', ...problem.path],
          message: problem.message,
        });
      }
    }
  }
  const listsByField = new Map(
    fieldsOf(sheet)
      .filter((visit) => visit.list !== undefined)
      .map((visit) => [visit.at.slice(0, 4).join('.'), visit.list]),
  );
  for (const use of refsOf(sheet)) {
    if (use.source !== 'item') continue;
    const list = listsByField.get(use.at.slice(0, 4).join('.'));
    if (list !== undefined && !list.fields.some((row) => row.field === use.path)) {
      ctx.addIssue({
        code: 'custom',
        path: [...use.at],
        message: `@${use.ref}: the list "${list.label}" has no field "${use.path}"`,
      });
    }
  }
  for (const problem of checkActorData(sheet, sheet.defaults)) {
    ctx.addIssue({
      code: 'custom',
      path: ['defaults', ...problem.path],
      message: problem.message,
    });
  }
});

/** A validated sheet definition. */
export type Sheet = z.output<typeof sheetShape>;

/** A problem of a module file, at a place inside it. */
export interface ContentIssue {
  /** The place inside the file (`sections.1.fields.0.editable`); empty for the file as a whole. */
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

/**
 * Validates a parsed sheet definition.
 * @param expectedActorType the manifest key that names the file: `actorType` must equal it
 * @returns the sheet, or the issues that make it unfit (each at its place in the file)
 */
export function parseSheet(
  json: unknown,
  expectedActorType?: string,
): { ok: true; sheet: Sheet } | { ok: false; issues: ContentIssue[] } {
  const result = sheetSchema.safeParse(json);
  if (!result.success) return { ok: false, issues: issuesOf(result.error) };
  if (expectedActorType !== undefined && result.data.actorType !== expectedActorType) {
    return {
      ok: false,
      issues: [
        {
          path: ['actorType'],
          message: `is "${result.data.actorType}", but module.json lists this file as sheets.${expectedActorType}`,
        },
      ],
    };
  }
  return { ok: true, sheet: result.data };
}

/**
 * Zod's issues as content issues: an unknown key becomes "unknown field: colour" at the
 * object that holds it, as module.json's own errors read.
 */
export function issuesOf(error: z.ZodError): ContentIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
    if (issue.code === 'unrecognized_keys') {
      const plural = issue.keys.length > 1 ? 's' : '';
      return { path, message: `unknown field${plural}: ${issue.keys.join(', ')}` };
    }
    // A bad key of a record (a request key, a prompt name) carries its own message inside.
    if (issue.code === 'invalid_key') {
      return { path, message: issue.issues[0]?.message ?? issue.message };
    }
    // zod says "Invalid input: expected string, received undefined" for a missing key.
    if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) {
      return { path, message: `required (${issue.expected})` };
    }
    return { path, message: issue.message };
  });
}

/**
 * Whether a JSON value nests deeper than `max` levels. Iterative, so that a hostile file of a
 * million brackets costs a loop, not the stack (the zod parse that follows recurses).
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}
