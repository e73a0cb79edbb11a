/**
 * The player's half of a verifiable roll: what a roll intent carries. The player picks a fresh
 * secret nonce, so the GM, who knows every future chain seed, cannot have chosen a chain that
 * favours this roll; the request names the chain head the player saw, so the GM cannot answer
 * from a chain made after seeing the nonce.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { decodeCanonicalHex } from './canonicalHex';
import { DICE_ENGINE_VERSION } from './engine';
import { RollProtocolError } from './RollProtocolError';
import { encodeRollId, PLAYER_NONCE_MAX_BYTES, PLAYER_NONCE_MIN_BYTES } from './rollSeed';
import { secureRandomBytes } from './secureRandom';
import { decodeSeedHex } from './seedChain';

/** The nonce length makeRollRequest draws: 256 bits. */
export const PLAYER_NONCE_BYTES = 32;

/** A roll as the player asks for it, inside a signed intent. Plain JSON; bytes as lowercase hex. */
export interface RollRequest {
  /** Unique per roll: the intent id. Part of the roll seed, so a replayed request is a new roll. */
  readonly rollId: string;
  /** The dice notation to roll, as the player wrote it. */
  readonly notation: string;
  /** The player's secret-until-sent nonce, 16 to 64 bytes. */
  readonly playerNonce: string;
  /** The chain commitment (head) published in meta when the player rolled. */
  readonly chainHead: string;
  /**
   * The evaluator semantics the player asks for: DICE_ENGINE_VERSION of their client. The GM
   * answers only with this engine, so it cannot pick, between engines, the outcome it prefers.
   */
  readonly engine: number;
}

/**
 * Makes the request for a roll, with a fresh random nonce, for this build's engine.
 * @param notation the dice notation
 * @param rollId the id of the intent that will carry the request
 * @param chainHead `head` of the ChainCommitment currently in meta
 * @param playerNonce the nonce; omit it (a fresh one is drawn). Only tests should pass one.
 * @throws RollProtocolError `ROLL_INVALID_REQUEST`, or `ROLL_NO_SECURE_RANDOM` without crypto
 * @example
 * ```ts
 * const request = makeRollRequest('1d20+5', intentId, meta.dice.head);
 * appendIntent({ id: intentId, kind: 'roll', payload: request });
 * ```
 */
export function makeRollRequest(
  notation: string,
  rollId: string,
  chainHead: string,
  playerNonce: Uint8Array = secureRandomBytes(PLAYER_NONCE_BYTES),
): RollRequest {
  const request = {
    rollId,
    notation,
    playerNonce: bytesToHex(playerNonce),
    chainHead,
    engine: DICE_ENGINE_VERSION,
  };
  const checked = checkRollRequest(request);
  if (!checked.ok) throw new RollProtocolError('ROLL_INVALID_REQUEST', checked.message);
  return request;
}

/** A request that passed {@link checkRollRequest}, with its nonce decoded. */
export interface CheckedRollRequest {
  readonly ok: true;
  readonly request: RollRequest;
  readonly nonce: Uint8Array;
}

/**
 * Validates a request read from an intent. Internal to the protocol (resolveRoll and
 * verifyRollReceipt call it), exported for them and the tests.
 */
export function checkRollRequest(
  value: unknown,
): CheckedRollRequest | { readonly ok: false; readonly message: string } {
  const fail = (message: string) => ({ ok: false as const, message: `Roll request: ${message}.` });
  if (typeof value !== 'object' || value === null) return fail('not an object');
  const { rollId, notation, playerNonce, chainHead, engine } = value as Partial<
    Record<keyof RollRequest, unknown>
  >;
  if (encodeRollId(rollId) === null) {
    return fail('rollId must be a well-formed string of 1 to 256 UTF-8 bytes');
  }
  if (typeof notation !== 'string' || notation.length === 0) {
    return fail('notation must be a non-empty string');
  }
  const nonce = decodeCanonicalHex(playerNonce);
  if (
    nonce === null ||
    nonce.length < PLAYER_NONCE_MIN_BYTES ||
    nonce.length > PLAYER_NONCE_MAX_BYTES
  ) {
    return fail('playerNonce must be 16 to 64 bytes as lowercase hex');
  }
  if (decodeSeedHex(chainHead) === null) return fail('chainHead must be 64 lowercase hex digits');
  // Any engine number is well formed: whether it is supported is for resolveRoll and the verifier.
  if (!isEngineNumber(engine)) return fail('engine must be a positive integer');
  return {
    ok: true,
    request: {
      rollId: rollId as string,
      notation,
      playerNonce: playerNonce as string,
      chainHead: chainHead as string,
      engine,
    },
    nonce,
  };
}

/** Whether a value can name an engine: a positive safe integer. */
export function isEngineNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}
