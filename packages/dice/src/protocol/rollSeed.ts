/**
 * The roll seed: what turns a revealed chain seed, the player's nonce and the roll's id into the
 * seed of that one roll. Other implementations must reproduce it byte for byte, so the encoding
 * is spelled out here and in docs/dice.md ("The roll seed"), and pinned by a known-answer test.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { isBytes } from '@noble/hashes/utils.js';
import { RollProtocolError } from './RollProtocolError';
import { SEED_BYTES } from './seedChain';
import { encodeUtf8 } from './utf8';

/** The fewest nonce bytes a request may carry: 128 bits, so the GM cannot guess it in advance. */
export const PLAYER_NONCE_MIN_BYTES = 16;
/** The most nonce bytes a request may carry. makeRollRequest uses 32. */
export const PLAYER_NONCE_MAX_BYTES = 64;
/** The longest roll id, in UTF-8 bytes. Intent ids are far shorter. */
export const ROLL_ID_MAX_BYTES = 256;
/**
 * The domain tag, the first field of the hashed message: a hash made for any other purpose, or
 * by a later version of this derivation, can never equal a roll seed.
 */
export const ROLL_SEED_DOMAIN = 'meshtable/dice/roll-seed/v1';

const DOMAIN_BYTES = encodeUtf8(ROLL_SEED_DOMAIN) as Uint8Array;

/**
 * Derives the seed of one roll:
 *
 *   SHA-256( field(tag) ‖ field(chainSeed) ‖ field(playerNonce) ‖ field(utf8(rollId)) )
 *
 * where field(x) is the byte length of x as a 4-byte big-endian unsigned integer followed by x,
 * and tag is the 27 ASCII bytes of "meshtable/dice/roll-seed/v1". Every field carries its
 * length, so no two different (chainSeed, nonce, rollId) triples share a message: moving a byte
 * from the end of the nonce to the start of the roll id changes the lengths.
 *
 * @param chainSeed the revealed chain seed s_k (32 bytes)
 * @param playerNonce the player's nonce (16 to 64 bytes)
 * @param rollId the roll's id, normally the intent id (1 to 256 UTF-8 bytes, well-formed UTF-16)
 * @returns the 32-byte roll seed, the key of the roll's ChaCha20 dice stream
 * @throws RollProtocolError `ROLL_INVALID_SEED` or `ROLL_INVALID_REQUEST` on out-of-range input
 */
export function deriveRollSeed(
  chainSeed: Uint8Array,
  playerNonce: Uint8Array,
  rollId: string,
): Uint8Array {
  if (!isBytes(chainSeed) || chainSeed.length !== SEED_BYTES) {
    throw new RollProtocolError('ROLL_INVALID_SEED', 'A chain seed must be 32 bytes.');
  }
  if (
    !isBytes(playerNonce) ||
    playerNonce.length < PLAYER_NONCE_MIN_BYTES ||
    playerNonce.length > PLAYER_NONCE_MAX_BYTES
  ) {
    throw new RollProtocolError(
      'ROLL_INVALID_REQUEST',
      `A player nonce must be ${PLAYER_NONCE_MIN_BYTES} to ${PLAYER_NONCE_MAX_BYTES} bytes.`,
    );
  }
  const rollIdBytes = encodeRollId(rollId);
  if (rollIdBytes === null) {
    throw new RollProtocolError(
      'ROLL_INVALID_REQUEST',
      `A roll id must be a well-formed string of 1 to ${ROLL_ID_MAX_BYTES} UTF-8 bytes.`,
    );
  }
  return sha256(lengthPrefixed([DOMAIN_BYTES, chainSeed, playerNonce, rollIdBytes]));
}

/**
 * The UTF-8 bytes of a roll id, or null when it is not a string of 1 to ROLL_ID_MAX_BYTES bytes
 * of well-formed UTF-16. Shared with request validation, so both refuse the same ids.
 */
export function encodeRollId(rollId: unknown): Uint8Array | null {
  if (typeof rollId !== 'string' || rollId.length === 0) return null;
  const bytes = encodeUtf8(rollId);
  if (bytes === null || bytes.length > ROLL_ID_MAX_BYTES) return null;
  return bytes;
}

function lengthPrefixed(fields: readonly Uint8Array[]): Uint8Array {
  const size = fields.reduce((sum, field) => sum + 4 + field.length, 0);
  const message = new Uint8Array(size);
  const view = new DataView(message.buffer);
  let at = 0;
  for (const field of fields) {
    view.setUint32(at, field.length, false);
    message.set(field, at + 4);
    at += 4 + field.length;
  }
  return message;
}
