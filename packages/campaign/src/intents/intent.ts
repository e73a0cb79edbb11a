/**
 * Signed intents (DESIGN.md §3): a member's request to change the table, appended to their own
 * log (`intents/<userId>`) for the GM's validator to rule on.
 *
 * ```
 * { v: 1, campaign, id, kind, payload, author, seq, at, sig }
 * ```
 *
 * `id` is `author.seq`; `seq` counts each author's intents from 1, so each log is append-only
 * and a replay has an id already seen. (Two devices of one person may both use a seq; the
 * receipt names the entry that won it, and the other is sent again under a later seq, leaving
 * a gap.) The signature covers every other field,
 * `campaign` included (an intent signed for one campaign is worthless in another), as
 * {@link intentSigningBytes}: the domain string and then the canonical JSON of the fields.
 */
import '@meshtable/schema/zodWithoutEval';
import { recordIdSchema, timestampSchema, userIdSchema } from '@meshtable/schema';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { CanonicalJsonError, formatJsonPath } from './CanonicalJsonError';
import { encodeCanonicalJson, type JsonValue, utf8ByteLength } from './canonicalJson';

/** The intent format version: `v` of every intent. */
export const INTENT_VERSION = 1;

/**
 * Signed in front of the canonical JSON, so that an intent signature can never be taken for the
 * signature of anything else the same key signs. (JSON text holds no raw NUL, so the domain
 * ends where the NUL is.)
 */
export const INTENT_SIGNATURE_DOMAIN = 'meshtable intent v1\0';

/** The largest payload: 64 KiB of canonical JSON as UTF-8. */
export const MAX_INTENT_PAYLOAD_BYTES = 64 * 1024;

/** An intent kind: 1 to 64 of `a–z 0–9 . : -` (`token.move`, `roll`, `dnd5e:cast-spell`). */
export const INTENT_KIND_PATTERN = /^[a-z0-9.:-]{1,64}$/;

/** A signed intent as it is stored in an author's log. Plain JSON. */
export interface Intent {
  /** The format version, {@link INTENT_VERSION}. */
  readonly v: typeof INTENT_VERSION;
  /** The campaign id (`meta.campaign.id`) the intent is for. */
  readonly campaign: string;
  /** `author + "." + seq`: unique in the campaign. */
  readonly id: string;
  /** What is asked for; the module (or the core rules) gives it meaning. */
  readonly kind: string;
  /** The request's data: JSON, at most {@link MAX_INTENT_PAYLOAD_BYTES} as canonical JSON. */
  readonly payload: JsonValue;
  /** The author's userId. */
  readonly author: string;
  /** The author's sequence number: from 1, increasing (gaps where a device re-issued). */
  readonly seq: number;
  /** The author's clock when signing, ms since 1970: informational only, never trusted. */
  readonly at: number;
  /** Ed25519 signature of {@link intentSigningBytes}: 64 bytes as 86 characters of base64url. */
  readonly sig: string;
}

/** An intent without its signature: what is signed. */
export type UnsignedIntent = Omit<Intent, 'sig'>;

/** The id of the intent number `seq` of `author`. */
export function intentId(author: string, seq: number): string {
  return `${author}.${seq}`;
}

const payloadSchema = z.custom<JsonValue>().superRefine((payload, context) => {
  if (payload === undefined) {
    context.addIssue({ code: 'custom', message: 'is required (any JSON value; null for none)' });
    return;
  }
  let canonical: string;
  try {
    canonical = encodeCanonicalJson(payload);
  } catch (error) {
    if (!(error instanceof CanonicalJsonError)) throw error;
    context.addIssue({ code: 'custom', message: error.problem, path: [...error.path] });
    return;
  }
  const bytes = utf8ByteLength(canonical);
  if (bytes > MAX_INTENT_PAYLOAD_BYTES) {
    context.addIssue({
      code: 'custom',
      message: `is ${bytes} bytes of canonical JSON; at most ${MAX_INTENT_PAYLOAD_BYTES} are allowed`,
    });
  }
});

const unsignedFields = {
  v: z.literal(INTENT_VERSION, `must be ${INTENT_VERSION}`),
  campaign: recordIdSchema,
  id: z.string().max(100),
  kind: z.string().regex(INTENT_KIND_PATTERN, 'must be 1 to 64 of a-z, 0-9, ".", ":" and "-"'),
  payload: payloadSchema,
  author: userIdSchema,
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  at: timestampSchema.max(Number.MAX_SAFE_INTEGER),
};

function checkId(intent: { id: unknown; author: unknown; seq: unknown }, context: z.RefinementCtx) {
  if (
    typeof intent.author === 'string' &&
    typeof intent.seq === 'number' &&
    intent.id !== intentId(intent.author, intent.seq)
  ) {
    context.addIssue({ code: 'custom', message: 'must be author + "." + seq', path: ['id'] });
  }
}

/** An intent before signing: every field but `sig`. */
export const unsignedIntentSchema = z.strictObject(unsignedFields).superRefine(checkId);

/**
 * A signed intent as read from a log: the shape and size caps only. Whether the signature holds
 * is verifyIntent's question.
 */
export const intentSchema = z
  .strictObject({
    ...unsignedFields,
    // 64 bytes leave 4 unused bits in the last character, which must be zero: [AQgw].
    sig: z
      .string()
      .regex(
        /^[A-Za-z0-9_-]{85}[AQgw]$/,
        'must be an Ed25519 signature (86 characters of base64url)',
      ),
  })
  .superRefine(checkId);

/**
 * The bytes an intent's signature covers: UTF-8 of {@link INTENT_SIGNATURE_DOMAIN} followed by
 * the canonical JSON (canonicalJson.ts) of every field but `sig`.
 * @throws CanonicalJsonError when a field is not JSON (validate with intentSchema first)
 */
export function intentSigningBytes(intent: UnsignedIntent): Uint8Array {
  const { v, campaign, id, kind, payload, author, seq, at } = intent;
  const fields = { v, campaign, id, kind, payload, author, seq, at };
  return utf8ToBytes(INTENT_SIGNATURE_DOMAIN + encodeCanonicalJson(fields));
}

/** Describes zod issues as `field: problem; …` for error messages. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}`;
      const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
      return `${path.length === 0 ? '(the intent)' : formatJsonPath(path)}: ${issue.message}`;
    })
    .join('; ');
}
