/**
 * Signing an intent: the author's side of DESIGN.md §3's "signed request appended to
 * intents[me]".
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { encodeBase64Url } from '../identity/base64url';
import { IdentityError } from '../identity/IdentityError';
import { ED25519_KEY_BYTES, type Identity } from '../identity/identity';
import { encodeCanonicalJson, type JsonValue } from './canonicalJson';
import { IntentError } from './IntentError';
import {
  describeIssues,
  INTENT_VERSION,
  type Intent,
  intentId,
  intentSigningBytes,
  type UnsignedIntent,
  unsignedIntentSchema,
} from './intent';

/** What signIntent is asked to sign; the author comes from the identity. */
export interface IntentRequest {
  /** The campaign id (`meta.campaign.id`). */
  readonly campaign: string;
  /** The intent kind, e.g. `token.move`. */
  readonly kind: string;
  /** The request's data: JSON (canonical JSON must accept it; see canonicalJson.ts). */
  readonly payload: JsonValue;
  /** The author's next sequence number: their log's length + 1. */
  readonly seq: number;
  /** The author's clock, ms since 1970 (usually Date.now()); informational only. */
  readonly at: number;
}

/**
 * Signs an intent as `identity`. The returned intent's payload is a fresh copy of exactly what
 * was signed, so changing the caller's payload object afterwards cannot break the signature.
 * Pure: the same identity and request give the same intent (Ed25519 is deterministic).
 * @param identity the author; an identity from createIdentity, importIdentity or the store,
 *   whose keys and userId were checked to belong together
 * @throws IntentError `INTENT_INVALID` naming each malformed field (kind, payload size, seq…)
 * @throws IdentityError `IDENTITY_INVALID_KEY` when the secret key is not 32 bytes
 * @example
 * ```ts
 * const intent = signIntent(me, {
 *   campaign: campaign.id,
 *   kind: 'token.move',
 *   payload: { tokenId, x: 140, y: 70 },
 *   seq: myLog.length + 1,
 *   at: Date.now(),
 * });
 * myLog.push([intent]);
 * ```
 */
export function signIntent(
  identity: Pick<Identity, 'userId' | 'secretKey'>,
  request: IntentRequest,
): Intent {
  const { secretKey, userId } = identity;
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== ED25519_KEY_BYTES) {
    throw new IdentityError('IDENTITY_INVALID_KEY', 'The secret key must be 32 bytes.');
  }
  const unsigned = {
    v: INTENT_VERSION,
    campaign: request.campaign,
    id: intentId(userId, request.seq),
    kind: request.kind,
    payload: request.payload,
    author: userId,
    seq: request.seq,
    at: request.at,
  };
  const checked = unsignedIntentSchema.safeParse(unsigned);
  if (!checked.success) {
    throw new IntentError('INTENT_INVALID', `Cannot sign: ${describeIssues(checked.error)}.`);
  }
  const signed: UnsignedIntent = {
    ...checked.data,
    payload: JSON.parse(encodeCanonicalJson(checked.data.payload)),
  };
  const signature = ed25519.sign(intentSigningBytes(signed), secretKey);
  return { ...signed, sig: encodeBase64Url(signature) };
}
