import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Domain-separation prefix of the relay token. The same table key is also the y-webrtc password
 * (PBKDF2 inside y-webrtc), so the token must be a value from which neither the key nor the
 * signalling encryption key can be recovered; hashing under our own prefix guarantees that, and
 * the version suffix lets us change the derivation later without ambiguity.
 */
export const RELAY_TOKEN_DOMAIN = 'meshtable/relay-token/v1\0';

/**
 * Derives the relay access token of a table from its table key: lowercase hex
 * SHA-256(`"meshtable/relay-token/v1\0"` ‖ tableKey), 64 characters.
 *
 * Uses @noble/hashes rather than WebCrypto because `crypto.subtle` only exists in a secure
 * context, and a relay reached over plain http on a LAN address is not one. The relay never sees
 * the table key; it only compares tokens.
 *
 * @param tableKey - the table key from the invite link
 * @returns the token to present as `?token=` on `/sync/<room>`
 * @example
 * ```ts
 * const token = deriveRelayToken('q3Jf…'); // 'a1b2…' (64 hex chars)
 * ```
 */
export function deriveRelayToken(tableKey: string): string {
  return bytesToHex(sha256(utf8ToBytes(RELAY_TOKEN_DOMAIN + tableKey)));
}
