import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Names of what this browser keeps for a table: its IndexedDB copy and the BroadcastChannel the
 * relay transport shares between tabs.
 *
 * They are named after the room AND the table key. The room id alone is not secret (the relay, its
 * logs and any proxy on the way see it), so anything local named by the room alone can be reached
 * by whoever knows it: a link `#/board/<room>/<their key>` would load the victim's stored copy of
 * the real table into a session keyed by the attacker (who then receives it over WebRTC), and
 * would save the attacker's writes into that same copy, to be pushed into the real table the next
 * time the victim opens it. With the key in the name, a different key opens a different, empty
 * database.
 *
 * The names carry a fingerprint of the key, never the key or the relay token: database names can
 * be listed by any script on this origin (`indexedDB.databases()`) and sit unencrypted on disk,
 * and the relay token is a credential. The fingerprint is SHA-256 under its own domain-separation
 * prefix, so it reveals nothing about the relay token (a different prefix over the same key) or
 * the y-webrtc key (PBKDF2 of the key); the key's 128 bits make guessing it back hopeless.
 */

/**
 * Domain-separation prefix of the local fingerprint of a table key. Changing it (or the
 * truncation) renames every local database, which orphans the copies stored under the old names.
 */
export const LOCAL_SCOPE_DOMAIN = 'meshtable/local-scope/v1\0';

/** 32 hex characters: 128 bits, as many as the table key itself carries. */
const FINGERPRINT_HEX_LENGTH = 32;

/**
 * The fingerprint that tells one table key's local state from another's: lowercase hex
 * SHA-256(`"meshtable/local-scope/v1\0"` ‖ tableKey), truncated to 32 characters.
 */
export function localKeyFingerprint(tableKey: string): string {
  return bytesToHex(sha256(utf8ToBytes(LOCAL_SCOPE_DOMAIN + tableKey))).slice(
    0,
    FINGERPRINT_HEX_LENGTH,
  );
}

/**
 * The name of a table's IndexedDB database in this browser: `meshtable:<room>:<fingerprint>`.
 *
 * @param room - the room id (not secret)
 * @param tableKey - the table key from the invite link
 * @example
 * ```ts
 * indexeddbName('k3x9…', 'q3Jf…'); // 'meshtable:k3x9…:5d0e…' (32 hex chars at the end)
 * ```
 */
export function indexeddbName(room: string, tableKey: string): string {
  return `meshtable:${room}:${localKeyFingerprint(tableKey)}`;
}

/**
 * The BroadcastChannel on which the relay transport syncs tabs of this browser that have the same
 * table open. y-websocket would name it after the server and room only, and it sends in the clear,
 * so a tab opened with another key would sync with the real table's tabs.
 */
export function relayBroadcastChannelName(room: string, tableKey: string): string {
  return `${indexeddbName(room, tableKey)}:relay`;
}
