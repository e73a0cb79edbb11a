/**
 * The fields of a character sheet (format 1): what each field type looks like, and the roll
 * buttons and decorations (badge, suffix, warning) a field may carry. sheet.ts assembles them
 * into a sheet and checks what spans fields (defaults, prompts, `@item` references).
 * docs/modules/README.md#sheets is the reference for authors; keep the two in step.
 */
import '../zodWithoutEval';
import { z } from 'zod';
import { byType, dispatch, isObject } from './dispatch';
import { actorPathSchema, valuePathSchema } from './paths';

/** The caps of a sheet definition: every string and list is bounded. */
export const SHEET_LIMITS = Object.freeze({
  sections: 50,
  fieldsPerSection: 100,
  /** Sub-fields of one list. */
  listFields: 30,
  /** Rows a list may hold. */
  listItems: 1000,
  selectOptions: 200,
  /** Questions of one roll button, and named prompts of a sheet. */
  rollQuestions: 8,
  prompts: 50,
  rollOptions: 20,
  /** Boxes of a track. */
  trackBoxes: 100,
  columns: 6,
  label: 100,
  hint: 500,
  notation: 1000,
  unit: 32,
  /** The largest `maxLength` a text field may declare. */
  textLength: 100_000,
  /** `defaults`, a list's `newItem`, a compendium entry's `data`: characters of JSON. */
  dataChars: 65_536,
  /** Nesting of `defaults` and entry data. */
  dataDepth: 32,
});

/** The types of a field bound to the actor, in the order the guide lists them. */
export const FIELD_TYPES = [
  'number',
  'text',
  'textarea',
  'checkbox',
  'select',
  'dice',
  'track',
  'list',
] as const;

/** A key of a roll's request (`mode`, `target`): an identifier, never `notation`. */
const requestKeySchema = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,63}$/,
    'must be 1 to 64 of A-Z, a-z, 0-9 and _, not starting with a digit',
  )
  .refine((key) => key !== 'notation', '"notation" is the roll itself and cannot be an option');

const labelSchema = z.string().trim().min(1).max(SHEET_LIMITS.label);
const hintSchema = z.string().max(SHEET_LIMITS.hint);
const unitSchema = z.string().min(1).max(SHEET_LIMITS.unit);
const editableSchema = z.enum(['owner', 'gm'], 'must be "owner" or "gm"');
const scalarSchema = z.union([z.string().max(SHEET_LIMITS.label), z.number(), z.boolean()], {
  error: 'must be a string, a number or a boolean',
});

/** `@path`: a value of the actor's data (`@data.level`) or of derive's output (`@maxHp`). */
const refSchema = z.string().regex(/^@[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+){0,15}$/);
/** A number, or a reference to one (`"max": "@maxHp"`). */
const boundSchema = z.union([z.number(), refSchema], {
  error: 'must be a number or "@path" (a value of data or of derive)',
});

const optionSchema = z.strictObject({
  value: z.union([z.string().max(SHEET_LIMITS.label), z.number()], {
    error: 'must be a string or a number',
  }),
  label: labelSchema,
});

/** The choices of a select field or question: at least one, values unique. */
const optionsSchema = z
  .array(optionSchema)
  .min(1, 'must list at least one option')
  .max(SHEET_LIMITS.selectOptions)
  .superRefine((options, ctx) => {
    const seen = new Set<string | number>();
    for (const [index, { value }] of options.entries()) {
      if (seen.has(value)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'value'],
          message: `repeats ${JSON.stringify(value)}`,
        });
      }
      seen.add(value);
    }
  });

/** A question the app asks before rolling; the answer goes into the request under `key`. */
export const rollQuestionSchema = byType('a question', {
  select: z
    .strictObject({
      key: requestKeySchema,
      label: labelSchema,
      type: z.literal('select'),
      options: optionsSchema,
      default: z.union([z.string(), z.number()]).optional(),
    })
    .superRefine((question, ctx) => {
      if (
        question.default !== undefined &&
        !question.options.some((o) => o.value === question.default)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['default'],
          message: 'must be the value of one of the options',
        });
      }
    }),
  number: z
    .strictObject({
      key: requestKeySchema,
      label: labelSchema,
      type: z.literal('number'),
      min: z.number().optional(),
      max: z.number().optional(),
      default: z.number().optional(),
    })
    .superRefine((question, ctx) => {
      const { min = -Infinity, max = Infinity, default: initial } = question;
      if (min > max)
        ctx.addIssue({ code: 'custom', path: ['max'], message: `is below min (${min})` });
      else if (initial !== undefined && (initial < min || initial > max)) {
        ctx.addIssue({ code: 'custom', path: ['default'], message: `must be from min to max` });
      }
    }),
  checkbox: z.strictObject({
    key: requestKeySchema,
    label: labelSchema,
    type: z.literal('checkbox'),
    default: z.boolean().optional(),
  }),
});

/** A roll button: the request `{ notation, ...options, ...answers }` goes to the roll hook. */
export const rollButtonSchema = z.strictObject({
  label: labelSchema,
  notation: z.string().trim().min(1).max(SHEET_LIMITS.notation),
  options: z.record(requestKeySchema, scalarSchema).optional(),
  ask: z
    .array(
      dispatch<string | z.output<typeof rollQuestionSchema>>((value) =>
        typeof value === 'string' ? z.string().min(1).max(64) : rollQuestionSchema,
      ),
    )
    .max(SHEET_LIMITS.rollQuestions)
    .optional(),
});

/** `field` (a value of the actor) or `derived` (a value of derive's output): exactly one. */
const oneSource = <T extends { field?: string | undefined; derived?: string | undefined }>(
  value: T,
  ctx: z.RefinementCtx,
) => {
  if ((value.field === undefined) === (value.derived === undefined)) {
    ctx.addIssue({
      code: 'custom',
      message:
        'needs exactly one of "field" (a value of the actor) and "derived" (a value derive computes)',
    });
  }
};

const sourceKeys = { field: actorPathSchema.optional(), derived: valuePathSchema.optional() };
const formatSchema = z.enum(['plain', 'signed'], 'must be "plain" or "signed"');

/** A small value beside the field, e.g. an ability's modifier. */
const badgeSchema = z
  .strictObject({ ...sourceKeys, format: formatSchema.optional() })
  .superRefine(oneSource);
/** A value after the field: `"format": "of"` reads "of 24". */
const suffixSchema = z
  .strictObject({
    ...sourceKeys,
    format: z.enum(['plain', 'signed', 'of'], 'must be "plain", "signed" or "of"').optional(),
  })
  .superRefine(oneSource);
/** A warning shown while a value is truthy ("Bloodied"). */
const warnSchema = z.strictObject({ ...sourceKeys, text: labelSchema }).superRefine(oneSource);

/** Keys every single-value field may have. `inList` drops what a list row cannot carry. */
function commonKeys(inList: boolean) {
  const base = {
    label: labelSchema,
    hint: hintSchema.optional(),
    roll: rollButtonSchema.optional(),
  };
  if (inList) return { ...base, field: valuePathSchema };
  return {
    ...base,
    field: actorPathSchema,
    editable: editableSchema.optional(),
    badge: badgeSchema.optional(),
    suffix: suffixSchema.optional(),
    warn: warnSchema.optional(),
  };
}

function valueFieldSchemas(inList: boolean) {
  const common = commonKeys(inList);
  return {
    number: z
      .strictObject({
        ...common,
        type: z.literal('number'),
        min: boundSchema.optional(),
        max: boundSchema.optional(),
        step: z.number().positive().optional(),
        format: formatSchema.optional(),
        unit: unitSchema.optional(),
      })
      .superRefine((field, ctx) => {
        if (
          typeof field.min === 'number' &&
          typeof field.max === 'number' &&
          field.min > field.max
        ) {
          ctx.addIssue({ code: 'custom', path: ['max'], message: `is below min (${field.min})` });
        }
      }),
    text: z.strictObject({
      ...common,
      type: z.literal('text'),
      maxLength: z.number().int().min(1).max(SHEET_LIMITS.textLength).optional(),
      placeholder: z.string().max(SHEET_LIMITS.label).optional(),
    }),
    textarea: z.strictObject({
      ...common,
      type: z.literal('textarea'),
      maxLength: z.number().int().min(1).max(SHEET_LIMITS.textLength).optional(),
      placeholder: z.string().max(SHEET_LIMITS.label).optional(),
      rows: z.number().int().min(1).max(50).optional(),
    }),
    checkbox: z.strictObject({ ...common, type: z.literal('checkbox') }),
    select: z.strictObject({ ...common, type: z.literal('select'), options: optionsSchema }),
    dice: z.strictObject({ ...common, type: z.literal('dice') }),
    track: z
      .strictObject({
        ...common,
        type: z.literal('track'),
        max: z.union([z.number().int().min(1).max(SHEET_LIMITS.trackBoxes), refSchema], {
          error: `must be a whole number from 1 to ${SHEET_LIMITS.trackBoxes} or "@path"`,
        }),
        labels: z.array(labelSchema).max(SHEET_LIMITS.trackBoxes).optional(),
      })
      .superRefine((field, ctx) => {
        if (
          typeof field.max === 'number' &&
          field.labels !== undefined &&
          field.labels.length > field.max
        ) {
          ctx.addIssue({
            code: 'custom',
            path: ['labels'],
            message: `has more labels than boxes (${field.max})`,
          });
        }
      }),
  };
}

const rowFieldSchemas = valueFieldSchemas(true);
const rowFieldByType = byType('a field', rowFieldSchemas);
/** A field of a list row: `field` is a path inside the row (`damage`), and it has no `editable`. */
export const rowFieldSchema = dispatch<z.output<typeof rowFieldByType>>((value) => {
  if (isObject(value) && value.type === 'list') {
    return { path: ['type'], message: 'a list cannot hold another list' };
  }
  if (isObject(value) && value.derived !== undefined) {
    return { path: ['derived'], message: 'a list row holds values of the row only' };
  }
  if (isObject(value) && value.editable !== undefined) {
    return { path: ['editable'], message: "a row's fields follow the list's editable" };
  }
  return rowFieldByType;
});

const listFieldSchema = z.strictObject({
  label: labelSchema,
  hint: hintSchema.optional(),
  field: actorPathSchema,
  type: z.literal('list'),
  editable: editableSchema.optional(),
  fields: z
    .array(rowFieldSchema)
    .min(1, 'a list needs at least one field')
    .max(SHEET_LIMITS.listFields),
  newItem: z.record(z.string(), z.json()),
  addLabel: labelSchema.optional(),
  max: z.number().int().min(1).max(SHEET_LIMITS.listItems).optional(),
});

/** A value derive computes, shown read-only. */
const derivedFieldSchema = z.strictObject({
  label: labelSchema,
  hint: hintSchema.optional(),
  derived: valuePathSchema,
  type: z
    .enum(['number', 'text', 'checkbox', 'dice'], 'must be number, text, checkbox or dice')
    .optional(),
  format: formatSchema.optional(),
  unit: unitSchema.optional(),
  badge: badgeSchema.optional(),
  suffix: suffixSchema.optional(),
  warn: warnSchema.optional(),
  roll: rollButtonSchema.optional(),
});

const boundFieldSchema = byType('a field', { ...valueFieldSchemas(false), list: listFieldSchema });

/** A field of a section: bound to the actor (`field` + `type`) or derived (`derived`). */
export const sheetFieldSchema = dispatch<
  z.output<typeof boundFieldSchema> | z.output<typeof derivedFieldSchema>
>((value) => {
  if (!isObject(value)) return { path: [], message: 'a field must be an object' };
  if (value.derived === undefined) {
    if (value.field === undefined) {
      return {
        path: [],
        message: 'needs "field" (a value of the actor) or "derived" (a value derive computes)',
      };
    }
    return boundFieldSchema;
  }
  if (value.field !== undefined) {
    return { path: ['derived'], message: 'a field has "field" or "derived", not both' };
  }
  if (value.editable !== undefined) {
    return { path: ['editable'], message: 'a derived value is read-only: derive computes it' };
  }
  return derivedFieldSchema;
});

/** A roll button of a sheet. */
export type RollButton = z.output<typeof rollButtonSchema>;
/** A question a roll button asks. */
export type RollQuestion = z.output<typeof rollQuestionSchema>;
/** A field of a list row. */
export type RowField = z.output<typeof rowFieldSchema>;
/** A list field: a repeating group of rows. */
export type ListField = z.output<typeof listFieldSchema>;
/** A derived (read-only) field. */
export type DerivedField = z.output<typeof derivedFieldSchema>;
/** Any field of a section. */
export type SheetField = z.output<typeof sheetFieldSchema>;
/** A field bound to the actor (not derived). */
export type BoundField = Exclude<SheetField, DerivedField>;
