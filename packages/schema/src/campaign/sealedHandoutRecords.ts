/**
 * A journal page shared with chosen members: the table doc's `sealedHandouts[id]`, the page
 * (title, body, image) sealed to them (sealedText.ts), so that the table doc, which every
 * member and the relay hold, carries its words only as ciphertext for everyone else. GM-owned:
 * only the validating GM's device writes it, and the audit undoes anyone else's change. A new
 * map: a campaign made before it existed has none, so it needs no migration.
 *
 * Sealed inside is the JSON of {@link sealedHandoutContentSchema}; its readers are the keys of
 * the envelope (the GM who shared it among them).
 */
import '../zodWithoutEval';
import { z } from 'zod';
import { nameSchema, recordIdSchema, sha256HexSchema } from './fields';
import { sealedTextSchema } from './sealedText';

/** A sealed journal page: `sealedHandouts[id]`. */
export const sealedHandoutSchema = z.strictObject({
  id: recordIdSchema,
  sealed: sealedTextSchema,
});

/** What a sealed journal page holds once opened. */
export const sealedHandoutContentSchema = z.strictObject({
  name: nameSchema,
  /** Markdown; rendered sanitized, never as HTML. */
  body: z.string().max(200_000),
  image: sha256HexSchema.nullable(),
});

export type SealedHandout = z.infer<typeof sealedHandoutSchema>;
export type SealedHandoutContent = z.infer<typeof sealedHandoutContentSchema>;
