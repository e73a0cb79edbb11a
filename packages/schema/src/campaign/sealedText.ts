/**
 * A text sealed to chosen members (packages/campaign sealed/sealText.ts): chat whispers and
 * handouts shown to some members only. The text is encrypted once under a random content key,
 * and that content key is sealed to each reader's own key, so the table doc carries only what
 * its readers can open. Sizes are bounded here so a hostile envelope is refused before any
 * decoding or decryption runs.
 */
import '../zodWithoutEval';
import { z } from 'zod';
import { userIdSchema } from './fields';

/** The format version of {@link sealedTextSchema}. */
export const SEALED_TEXT_VERSION = 1;

/** The most readers one sealed text has (the author included). */
export const MAX_SEALED_TEXT_READERS = 64;

/**
 * The longest text that can be sealed, in UTF-8 bytes: a handout body (200,000 characters) of
 * four-byte characters.
 */
export const MAX_SEALED_TEXT_BYTES = 800_000;

/** The Poly1305 tag XChaCha20-Poly1305 appends to every ciphertext. */
const TAG_BYTES = 16;

/** Characters of unpadded base64url that hold `bytes` bytes. */
function base64UrlChars(bytes: number): number {
  return Math.ceil((bytes * 4) / 3);
}

/** Unpadded base64url of exactly `bytes` bytes (shape only; readers decode strictly). */
function base64UrlBytes(bytes: number) {
  const characters = base64UrlChars(bytes);
  return z
    .string()
    .regex(
      new RegExp(`^[A-Za-z0-9_-]{${characters}}$`),
      `must be ${bytes} bytes as ${characters} base64url characters`,
    );
}

/**
 * The content key sealed to one reader: an ephemeral X25519 key, a nonce, and the 32-byte
 * content key encrypted with XChaCha20-Poly1305 (48 bytes with its tag).
 */
export const sealedContentKeySchema = z.strictObject({
  /** The ephemeral X25519 public key, 32 bytes. */
  epk: base64UrlBytes(32),
  /** The XChaCha20-Poly1305 nonce, 24 bytes. */
  nonce: base64UrlBytes(24),
  /** The 32-byte content key encrypted, and its 16-byte tag. */
  box: base64UrlBytes(32 + TAG_BYTES),
});

/** A text sealed to chosen readers: `post.sealed` of a whisper, a private handout's body. */
export const sealedTextSchema = z.strictObject({
  v: z.literal(SEALED_TEXT_VERSION),
  /** The nonce of the body's XChaCha20-Poly1305, 24 bytes. */
  nonce: base64UrlBytes(24),
  /** The UTF-8 text encrypted under the content key, with its tag, as unpadded base64url. */
  body: z
    .string()
    .min(base64UrlChars(TAG_BYTES))
    .max(base64UrlChars(MAX_SEALED_TEXT_BYTES + TAG_BYTES))
    .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url'),
  /** The content key sealed to each reader, by user id. */
  keys: z.record(userIdSchema, sealedContentKeySchema).refine((keys) => {
    const readers = Object.keys(keys).length;
    return readers >= 1 && readers <= MAX_SEALED_TEXT_READERS;
  }, `must be sealed to 1 to ${MAX_SEALED_TEXT_READERS} readers`),
});

export type SealedContentKey = z.infer<typeof sealedContentKeySchema>;
export type SealedText = z.infer<typeof sealedTextSchema>;
