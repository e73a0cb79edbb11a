/**
 * A module's compendium file (`compendium/<name>.json`, format 1): ready-made content the table
 * can drop in, such as monsters, pregenerated characters and items. An entry is an actor of one
 * of the module's sheet types, or an `item`. docs/modules/README.md#compendium is the reference.
 */
import '../zodWithoutEval';
import { z } from 'zod';
import { actorDataSchema } from './sheet';
import { SHEET_LIMITS } from './sheetFields';

/** The compendium format this version reads. A file says `"format": 1`. */
export const COMPENDIUM_FORMAT = 1;

/** The caps of a compendium file. */
export const COMPENDIUM_LIMITS = Object.freeze({
  entries: 5000,
  name: 200,
  tags: 20,
  tag: 50,
});

/** The type of a compendium entry that is not an actor: equipment, spells, anything a list holds. */
export const ITEM_TYPE = 'item';

const entrySchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
      'must be 1 to 64 of A-Z, a-z, 0-9, _ and -, starting with a letter or digit',
    ),
  type: z
    .string()
    .regex(
      /^[A-Za-z][A-Za-z0-9_-]{0,63}$/,
      `must be an actor type of the module's sheets or "${ITEM_TYPE}"`,
    ),
  name: z.string().trim().min(1).max(COMPENDIUM_LIMITS.name),
  data: actorDataSchema,
  tags: z
    .array(z.string().trim().min(1).max(COMPENDIUM_LIMITS.tag))
    .max(COMPENDIUM_LIMITS.tags)
    .optional(),
});

/**
 * The compendium schema: the file's shape, entry ids unique within the file. That each
 * entry's type is a sheet of the module, and its data fits that sheet, is checked with the
 * module's sheets at hand (`checkModuleContent`).
 */
export const compendiumSchema = z
  .strictObject({
    format: z.literal(COMPENDIUM_FORMAT, `must be ${COMPENDIUM_FORMAT}`),
    title: z.string().trim().min(1).max(SHEET_LIMITS.label),
    entries: z.array(entrySchema).max(COMPENDIUM_LIMITS.entries),
  })
  .superRefine((compendium, ctx) => {
    const seen = new Set<string>();
    for (const [index, entry] of compendium.entries.entries()) {
      if (seen.has(entry.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['entries', index, 'id'],
          message: `repeats "${entry.id}": ids are unique within a file`,
        });
      }
      seen.add(entry.id);
    }
  });

/** A validated compendium file. */
export type Compendium = z.output<typeof compendiumSchema>;
/** One entry of a compendium. */
export type CompendiumEntry = Compendium['entries'][number];
