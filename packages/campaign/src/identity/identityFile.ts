/**
 * The identity file: how a person carries their identity to another device or keeps a copy.
 * Versioned JSON, keys as unpadded base64url:
 *
 * ```json
 * { "meshtableIdentity": 1, "userId": "…", "name": "Aria", "color": "#3366ff",
 *   "createdAt": 1767225600000, "publicKey": "…43 chars…", "secretKey": "…43 chars…" }
 * ```
 *
 * Reading one checks every field (errors name it), that the secret key makes the public key and
 * that the userId is the public key's hash, so a damaged or edited file is refused, never half
 * used. The IndexedDB store keeps identities in this same shape, and reads them with the same
 * checks.
 */
import '@meshtable/schema/zodWithoutEval';
import { colorSchema, nameSchema, timestampSchema, userIdSchema } from '@meshtable/schema';
import { z } from 'zod';
import { decodeBase64Url, encodeBase64Url } from './base64url';
import { IdentityError, type IdentityErrorCode } from './IdentityError';
import { ED25519_KEY_BYTES, type Identity, restoreIdentity } from './identity';

/** The format version that exportIdentity writes and importIdentity reads. */
export const IDENTITY_FILE_VERSION = 1;

/** The largest identity file importIdentity reads: real ones are about 300 bytes. */
export const MAX_IDENTITY_FILE_CHARS = 16 * 1024;

const keySchema = z
  .string()
  .refine(
    (text) => decodeBase64Url(text, ED25519_KEY_BYTES) !== null,
    'must be 32 bytes as 43 characters of unpadded base64url',
  );

const identityFileSchema = z.strictObject({
  meshtableIdentity: z.literal(IDENTITY_FILE_VERSION),
  userId: userIdSchema,
  name: nameSchema,
  color: colorSchema,
  createdAt: timestampSchema,
  publicKey: keySchema,
  secretKey: keySchema,
});

/** An identity file's content (version 1). */
export type IdentityFile = z.infer<typeof identityFileSchema>;

/** The identity file content of an identity, secret key included. */
export function identityFileOf(identity: Identity): IdentityFile {
  return {
    meshtableIdentity: IDENTITY_FILE_VERSION,
    userId: identity.userId,
    name: identity.name,
    color: identity.color,
    createdAt: identity.createdAt,
    publicKey: encodeBase64Url(identity.publicKey),
    secretKey: encodeBase64Url(identity.secretKey),
  };
}

/**
 * Writes an identity as the text of an identity file. The text holds the secret key: whoever has
 * the file can act as this person.
 * @example
 * ```ts
 * const blob = new Blob([exportIdentity(me)], { type: 'application/json' });
 * ```
 */
export function exportIdentity(identity: Identity): string {
  return `${JSON.stringify(identityFileOf(identity), null, 2)}\n`;
}

/**
 * Reads the text of an identity file.
 * @throws IdentityError `IDENTITY_INVALID_FILE` (naming each bad field),
 *   `IDENTITY_UNSUPPORTED_VERSION`, `IDENTITY_KEY_MISMATCH` or `IDENTITY_USER_ID_MISMATCH`
 * @example
 * ```ts
 * const me = importIdentity(await file.text());
 * await store.put(me);
 * ```
 */
export function importIdentity(text: string): Identity {
  if (typeof text !== 'string' || text.length > MAX_IDENTITY_FILE_CHARS) {
    throw fileError('IDENTITY_INVALID_FILE', 'is not an identity file (too large, or not text)');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw fileError('IDENTITY_INVALID_FILE', 'is not JSON');
  }
  return readIdentityFile(json);
}

/**
 * Checks parsed identity file content and rebuilds the identity (importIdentity after
 * JSON.parse; the store on each record it reads).
 * @throws IdentityError as {@link importIdentity}
 */
export function readIdentityFile(json: unknown): Identity {
  if (typeof json !== 'object' || json === null || !('meshtableIdentity' in json)) {
    throw fileError(
      'IDENTITY_INVALID_FILE',
      'is not a Meshtable identity file (it has no meshtableIdentity field)',
    );
  }
  const version = json.meshtableIdentity;
  if (typeof version === 'number' && version !== IDENTITY_FILE_VERSION) {
    throw fileError(
      'IDENTITY_UNSUPPORTED_VERSION',
      `is of version ${version}; this version of Meshtable reads version ${IDENTITY_FILE_VERSION}`,
    );
  }
  const result = identityFileSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}`;
      const field = issue.path.length === 0 ? '(the file)' : issue.path.join('.');
      return `${field}: ${issue.message}`;
    });
    throw fileError('IDENTITY_INVALID_FILE', `is malformed: ${problems.join('; ')}`);
  }
  const file = result.data;
  try {
    return restoreIdentity({
      ...file,
      // Both decode: the schema checked them.
      publicKey: decodeBase64Url(file.publicKey, ED25519_KEY_BYTES) as Uint8Array,
      secretKey: decodeBase64Url(file.secretKey, ED25519_KEY_BYTES) as Uint8Array,
    });
  } catch (error) {
    if (error instanceof IdentityError)
      throw fileError(error.code, `is refused: ${error.message.replace(/\.$/, '')}`);
    throw error;
  }
}

function fileError(code: IdentityErrorCode, problem: string): IdentityError {
  return new IdentityError(code, `The identity file ${problem}.`);
}
