/**
 * The campaign's asset index: which uploaded files the campaign uses, under the names people
 * gave them, so that the library can list them (the relay lists no names, by design: docs/relay.md
 * "Download"). One record per asset, keyed by its SHA-256, in two places:
 *
 * - the gm doc's `assets` map: every asset a GM added (the GM's library, private: an asset named
 *   only here is as private as the gm doc, so a GM can prepare maps and art in peace);
 * - the table doc's `assets` map: the assets the GM shared with the players, whose library lists
 *   them. GM-owned: only the validating GM's device writes it (`writeAsGm`), and the audit undoes
 *   anyone else's change.
 *
 * A new map in each doc: a campaign made before the index existed reads as having none, so it
 * needs no migration. Records that point at an asset (a scene's `background`, a token's `image`)
 * do not need an index entry; the index is only what the library lists.
 */
import '../zodWithoutEval';
import { z } from 'zod';
import { ASSET_TYPES, type AssetTypeName } from '../assets/assetTypes';
import { sha256HexSchema, timestampSchema, userIdSchema } from './fields';

/** The asset types, as the relay recognises them (assets/assetTypes.ts). */
export const assetTypeSchema = z.enum(
  Object.keys(ASSET_TYPES) as [AssetTypeName, ...AssetTypeName[]],
);

/** The longest name an index entry keeps (a file's name, usually). */
export const MAX_ASSET_NAME_LENGTH = 200;

/** One asset of the index: `assets[sha256]` in the gm doc or the table doc. */
export const assetRecordSchema = z.strictObject({
  /** The asset's name on the relay: the SHA-256 of its bytes (also the record's key). */
  sha256: sha256HexSchema,
  /** What people call it: the file's name when it was added, as plain text. */
  name: z.string().trim().min(1).max(MAX_ASSET_NAME_LENGTH),
  /** The type the relay recognised from its bytes. */
  type: assetTypeSchema,
  /** Bytes. */
  size: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** Who added it. */
  addedBy: userIdSchema,
  addedAt: timestampSchema,
});

export type AssetRecord = z.infer<typeof assetRecordSchema>;
