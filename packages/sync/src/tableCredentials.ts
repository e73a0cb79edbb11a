/**
 * Room ids and table keys for a new table. The room id names the table on the relay and is not
 * secret; the table key is the secret of the invite link (y-webrtc password, relay token source),
 * so it carries 128 bits from the CSPRNG. `crypto.getRandomValues` also works outside a secure
 * context, unlike `crypto.subtle`.
 */

const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const ROOM_ID_LENGTH = 16;
const TABLE_KEY_BYTES = 16;
/** base64url of 16 bytes, unpadded. Anything shorter carries fewer than 128 bits. */
const MIN_TABLE_KEY_LENGTH = 22;
const MAX_TABLE_KEY_LENGTH = 256;
const TABLE_KEY_PATTERN = /^[A-Za-z0-9_-]+$/;

/**
 * Makes a random room id: 16 lowercase base32 characters (80 bits), valid per `isValidRoomName`.
 */
export function createRoomId(): string {
  // 32 divides 256, so `byte % 32` is uniform.
  const bytes = crypto.getRandomValues(new Uint8Array(ROOM_ID_LENGTH));
  return Array.from(bytes, (byte) => BASE32_ALPHABET[byte % 32]).join('');
}

/** Makes a random table key: 128 bits as unpadded base64url (22 characters). */
export function createTableKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(TABLE_KEY_BYTES));
  return toBase64Url(bytes);
}

/** Whether a string from an invite link can be a table key: base64url with at least 128 bits. */
export function isValidTableKey(tableKey: string): boolean {
  return (
    tableKey.length >= MIN_TABLE_KEY_LENGTH &&
    tableKey.length <= MAX_TABLE_KEY_LENGTH &&
    TABLE_KEY_PATTERN.test(tableKey)
  );
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
