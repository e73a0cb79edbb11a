/**
 * The small field schemas every campaign record is built from: ids, names, colours, asset hashes,
 * JSON data. One definition each, so a rule (what a record id may hold) changes in one place.
 */
import '../zodWithoutEval';
import { z } from 'zod';

/** A record id: 1 to 64 of `A–Z a–z 0–9 _ -` (made by the client that creates the record). */
export const recordIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 of A–Z, a–z, 0–9, _ and -');

/**
 * A person's id: base64url of the first 16 bytes of a hash of their public key, 22 characters
 * (packages/campaign/src/identity defines the hash).
 */
export const userIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22}$/, 'must be a user id (22 base64url characters)');

/** An Ed25519 public key, 32 bytes as unpadded base64url (43 characters). */
export const publicKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'must be an Ed25519 public key (43 base64url characters)');

/** A SHA-256 in lowercase hex: asset names, module pins. */
export const sha256HexSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lowercase hex');

/** A display name: trimmed, 1 to 100 characters. */
export const nameSchema = z.string().trim().min(1).max(100);

/** A colour as `#rrggbb`. */
export const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #rrggbb');

/** A time in milliseconds since 1970, as the writer's clock saw it (informational only). */
export const timestampSchema = z.number().int().nonnegative();

/** Any JSON value (module data: sheets, payloads, results). */
export const jsonSchema = z.json();

/** A JSON object. */
export const jsonObjectSchema = z.record(z.string(), jsonSchema);
