/**
 * Chat posts signed by their author. Logs are Y.Arrays anyone in the room can append to (the
 * audit undoes only rewrites and deletions), so a post appended to `posts/<ann>` by someone else
 * would otherwise read as Ann's. The author signs each post; a reader shows a post as its
 * author's only when the signature verifies against the key of the member it names.
 *
 * The signature is Ed25519 over `"meshtable post v1\0"` ‖ the canonical JSON of every field of the
 * post but `sig`: a whisper's sealed envelope and its list of readers included, so neither can
 * be swapped under the author's name. The domain string keeps a post's signature from being
 * taken for an intent's or a receipt's.
 */
import type { Post } from '@meshtable/schema';
import { ed25519 } from '@noble/curves/ed25519.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import { ED25519_KEY_BYTES, type Identity } from '../identity/identity';
import { encodeCanonicalJson } from '../intents/canonicalJson';

/** Signed in front of a post's canonical JSON, so the signature means a post and nothing else. */
export const POST_SIGNATURE_DOMAIN = 'meshtable post v1\0';

const SIGNATURE_BYTES = 64;

/** A post before its author signs it. */
export type UnsignedPost = Omit<Post, 'sig'>;

/**
 * Signs a post as `identity`, who must be its `author`.
 * @returns the post with its `sig`
 * @throws Error when the identity is not the post's author
 * @throws CanonicalJsonError `JSON_NOT_ENCODABLE` when a field has no canonical JSON (a lone
 *   surrogate in the text)
 * @example
 * ```ts
 * log.push([signPost({ id, author: me.userId, at: Date.now(), kind: 'message', text }, me)]);
 * ```
 */
export function signPost(unsigned: UnsignedPost, identity: Identity): Post {
  if (unsigned.author !== identity.userId) {
    throw new Error(`A post by ${unsigned.author} cannot be signed by ${identity.userId}.`);
  }
  const { sig: _ignored, ...fields } = unsigned as Post;
  const sig = encodeBase64Url(ed25519.sign(postBytes(fields), identity.secretKey));
  return { ...fields, sig };
}

/**
 * Whether a post is signed by the key given (its author's, from their member record).
 * @param publicKey the author's Ed25519 public key as 43 characters of base64url
 * @returns false for an unsigned post, a bad signature, a malformed key or a field without
 *   canonical JSON
 */
export function verifyPostSignature(post: Post, publicKey: string): boolean {
  const { sig, ...fields } = post;
  if (typeof sig !== 'string') return false;
  const key = decodeBase64Url(publicKey, ED25519_KEY_BYTES);
  const signature = decodeBase64Url(sig, SIGNATURE_BYTES);
  if (key === null || signature === null) return false;
  try {
    return ed25519.verify(signature, postBytes(fields), key, { zip215: false });
  } catch {
    return false; // a key off the curve, or a field with no canonical JSON
  }
}

function postBytes(fields: UnsignedPost): Uint8Array {
  return utf8ToBytes(POST_SIGNATURE_DOMAIN + encodeCanonicalJson(fields));
}
