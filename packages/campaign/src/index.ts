/**
 * @meshtable/campaign — the campaign engine (DESIGN.md §§2–3): identities (Ed25519 key pairs
 * and their files) and signed intents. Realm-neutral: it runs in browsers, in Node and in
 * workers. Browser-only parts (the IndexedDB identity store) are in `@meshtable/campaign/browser`.
 */

export type { IdentityErrorCode } from './identity/IdentityError';
export { IdentityError } from './identity/IdentityError';
export type {
  CreateIdentityOptions,
  Identity,
  PublicIdentity,
  PublicIdentityJSON,
} from './identity/identity';
export {
  createIdentity,
  decodePublicKey,
  ED25519_KEY_BYTES,
  encodePublicKey,
  USER_ID_DOMAIN,
  userIdOf,
} from './identity/identity';
export type { IdentityFile } from './identity/identityFile';
export {
  exportIdentity,
  IDENTITY_FILE_VERSION,
  importIdentity,
  MAX_IDENTITY_FILE_CHARS,
} from './identity/identityFile';
export type { CanonicalJsonErrorCode } from './intents/CanonicalJsonError';
export { CanonicalJsonError } from './intents/CanonicalJsonError';
export type { JsonValue } from './intents/canonicalJson';
export {
  decodeCanonicalJson,
  encodeCanonicalJson,
  MAX_CANONICAL_JSON_DEPTH,
} from './intents/canonicalJson';
export type { IntentErrorCode } from './intents/IntentError';
export { IntentError } from './intents/IntentError';
export type { Intent, UnsignedIntent } from './intents/intent';
export {
  INTENT_KIND_PATTERN,
  INTENT_SIGNATURE_DOMAIN,
  INTENT_VERSION,
  intentId,
  intentSchema,
  intentSigningBytes,
  MAX_INTENT_PAYLOAD_BYTES,
  unsignedIntentSchema,
} from './intents/intent';
export type { IntentRequest } from './intents/signIntent';
export { signIntent } from './intents/signIntent';
export type { IntentRejection, IntentVerification } from './intents/verifyIntent';
export { verifyIntent } from './intents/verifyIntent';
