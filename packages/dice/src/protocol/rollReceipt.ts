/**
 * The GM's half of a verifiable roll and everyone's check of it. The GM answers a request with
 * the chain's next seed; the receipt carries that seed and the roll's outcome; any peer holding
 * the request (from the signed intent) and the chain commitment (from meta) recomputes the roll
 * and accepts the receipt only if every field agrees. docs/dice.md describes what this does and
 * does not protect against.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { DiceNotationError } from '../notation/errors';
import { parse, roll as realRoll } from '../roll';
import type { RollResult } from '../types';
import { DICE_ENGINE_VERSION } from './engine';
import { RollProtocolError } from './RollProtocolError';
import { receiptDice } from './receiptDice';
import { checkRollRequest, isEngineNumber, type RollRequest } from './rollRequest';
import { deriveRollSeed } from './rollSeed';
import {
  type ChainCommitment,
  decodeSeedHex,
  MAX_CHAIN_LENGTH,
  revealNext,
  type SeedChain,
  verifyChainLink,
} from './seedChain';

/** Rolls a notation with a seed: `roll` from @meshtable/dice, or a stand-in in tests. Pure. */
export type RollFunction = (notation: string, seed: Uint8Array) => RollResult;

/** The version of the receipt format and of the roll-seed derivation it relies on. */
export const ROLL_RECEIPT_VERSION = 1;

/**
 * The GM's answer to a roll request, kept in the table doc: plain JSON, bytes as lowercase hex.
 * The outcome has exactly two spellings: rolled (`total` a number, `dice` the faces, `error`
 * null) or failed while rolling (`total` null, `dice` empty, `error` the DiceNotationError code).
 */
export interface RollReceipt {
  readonly version: typeof ROLL_RECEIPT_VERSION;
  /** The request's engine: the evaluator semantics the roll was made (and is checked) with. */
  readonly engine: number;
  /** The request's rollId (the intent id). */
  readonly rollId: string;
  /** The request's notation. */
  readonly notation: string;
  /** The request's nonce. */
  readonly playerNonce: string;
  /** The head of the chain the seed comes from (the request's chainHead). */
  readonly chainHead: string;
  /** k: which seed of the chain this roll used. Receipts of one chain use 1, 2, 3, … in turn. */
  readonly chainIndex: number;
  /** s_k, revealed: SHA-256 of it is s_{k-1}. */
  readonly chainSeed: string;
  /** The roll's total; null when rolling failed. */
  readonly total: number | null;
  /** Every die's face, flattened in result order (see receiptDice); empty when rolling failed. */
  readonly dice: readonly number[];
  /**
   * Null when the roll has a total; otherwise the code of the DiceNotationError rolling threw
   * (e.g. `DICE_MATH` for `1d6+1/(1d2-1)` when the d2 shows 1). Such a roll still used its index.
   * A string rather than DiceErrorCode: another engine may have other codes.
   */
  readonly error: string | null;
}

/** The outcome of a roll as the UI shows it: a result, or the error the dice led to. */
export type RollOutcome =
  | { readonly result: RollResult; readonly error: null }
  | { readonly result: null; readonly error: DiceNotationError };

/** What resolveRoll gives the GM: the receipt to publish and the chain to store with it. */
export type ResolvedRoll = RollOutcome & {
  /** The receipt to publish, whatever the outcome: it records an error as well as a total. */
  readonly receipt: RollReceipt;
  /** The chain after this reveal: store it (gm doc) in the same transaction as the receipt. */
  readonly chain: SeedChain;
};

/**
 * Answers a roll request: checks that the notation parses, reveals the chain's next seed,
 * derives the roll seed from it, the player's nonce and the roll id, and rolls. Pure: nothing is
 * revealed until the caller publishes the receipt, and `chain` itself is unchanged.
 *
 * Whether a roll fails can depend on the dice (`1d6+1/(1d2-1)` divides by zero when the d2 shows
 * 1), so a DiceNotationError while rolling does not throw: it is the roll's outcome, recorded in
 * the receipt, and the index is used like any other. Otherwise a player could have the unlucky
 * rolls fail and rolled again with the same seed. What throws, apart from a bug in the roll
 * function, throws before the seed is revealed and does not depend on it.
 *
 * The GM must call this once per request and publish what it returns: computing an answer and
 * then not publishing it, to answer another request with the same seed, is exactly the cheating
 * receipts make visible (a skipped or reordered index).
 *
 * @param roll the evaluator; omit it (the real `roll`). Only tests should pass one.
 * @throws RollProtocolError `ROLL_INVALID_REQUEST`, `ROLL_ENGINE_UNSUPPORTED` (the request asks
 *   for an engine other than DICE_ENGINE_VERSION), `ROLL_CHAIN_MISMATCH` (the request names
 *   another head: reject the intent, the player rolls again), `ROLL_CHAIN_EXHAUSTED` (commit
 *   nextSeedChain first), `ROLL_INVALID_RESULT`; DiceNotationError when the notation does not
 *   parse (reject the intent: no seed was revealed); and whatever `roll` throws that is not a
 *   DiceNotationError (a bug, not an outcome)
 * @example
 * ```ts
 * const { receipt, chain: after } = resolveRoll(chain, intent.payload);
 * transact(() => {
 *   receipts.set(intent.id, receipt);
 *   gmState.set('diceChain', seedChainToJSON(after));
 * });
 * ```
 */
export function resolveRoll(
  chain: SeedChain,
  request: RollRequest,
  roll: RollFunction = realRoll,
): ResolvedRoll {
  const checked = checkRollRequest(request);
  if (!checked.ok) throw new RollProtocolError('ROLL_INVALID_REQUEST', checked.message);
  const { rollId, notation, playerNonce, engine } = checked.request;
  if (engine !== DICE_ENGINE_VERSION) {
    throw new RollProtocolError(
      'ROLL_ENGINE_UNSUPPORTED',
      `The request asks for dice engine ${engine}; this client rolls with engine ${DICE_ENGINE_VERSION}.`,
    );
  }
  const chainHead = bytesToHex(chain.head);
  if (checked.request.chainHead !== chainHead) {
    throw new RollProtocolError(
      'ROLL_CHAIN_MISMATCH',
      'The request was made against another dice chain than the one committed now.',
    );
  }
  // Parsing does not depend on the dice: a notation that does not parse is refused before any
  // seed is revealed (a DiceNotationError, thrown to the caller).
  parse(notation);
  const { index, seed, chain: after } = revealNext(chain);
  const outcome = rollOutcome(roll, notation, deriveRollSeed(seed, checked.nonce, rollId));
  const dice = outcome.result === null ? [] : receiptDice(outcome.result);
  if (
    outcome.result !== null &&
    (!Number.isFinite(outcome.result.total) || !dice.every(Number.isFinite))
  ) {
    throw new RollProtocolError(
      'ROLL_INVALID_RESULT',
      'The roll gave a total or a die that is not a finite number.',
    );
  }
  const receipt: RollReceipt = {
    version: ROLL_RECEIPT_VERSION,
    engine,
    rollId,
    notation,
    playerNonce,
    chainHead,
    chainIndex: index,
    chainSeed: bytesToHex(seed),
    total: outcome.result === null ? null : outcome.result.total,
    dice,
    error: outcome.error === null ? null : outcome.error.code,
  };
  return { ...outcome, receipt, chain: after };
}

// Rolls, turning a DiceNotationError into an outcome; anything else thrown is a bug and throws.
function rollOutcome(roll: RollFunction, notation: string, seed: Uint8Array): RollOutcome {
  try {
    return { result: roll(notation, seed), error: null };
  } catch (error) {
    if (error instanceof DiceNotationError) return { result: null, error };
    throw error;
  }
}

/** Why a receipt was refused. Stable codes, listed in docs/dice.md. */
export type RollReceiptFailure =
  /** The request (from the intent) is malformed: there is nothing to check the receipt against. */
  | 'REQUEST_MALFORMED'
  /** The receipt is not a well-formed version-1 receipt. */
  | 'RECEIPT_MALFORMED'
  /** engine, rollId, notation, playerNonce or chainHead differ from the request's. */
  | 'RECEIPT_REQUEST_MISMATCH'
  /** The receipt's chain is not the committed one. */
  | 'RECEIPT_WRONG_CHAIN'
  /** The index is not in 1..length, or not after the anchor's. */
  | 'RECEIPT_INDEX_OUT_OF_RANGE'
  /** The revealed seed does not hash down to the head (or the anchor) in `chainIndex` steps. */
  | 'RECEIPT_CHAIN_LINK_INVALID'
  /**
   * Everything else checks out, but the receipt's engine is not this build's: the roll cannot be
   * recomputed here. Not evidence of forgery ("can't verify here"); a peer on that engine can.
   */
  | 'RECEIPT_ENGINE_UNSUPPORTED'
  /** Rolling the notation with the derived seed threw something other than a DiceNotationError. */
  | 'RECEIPT_ROLL_FAILED'
  /**
   * The receipt says the roll failed and the recomputation gives a total, or the reverse, or
   * the two errors have different codes.
   */
  | 'RECEIPT_OUTCOME_MISMATCH'
  /** The recomputed total differs. */
  | 'RECEIPT_TOTAL_MISMATCH'
  /** The recomputed dice differ (a face, or their number). */
  | 'RECEIPT_DICE_MISMATCH';

/** The outcome of verifyRollReceipt. */
export type RollReceiptVerification =
  /** The roll recomputed from the receipt, `result` or `error`: what the UI shows. */
  | ({ readonly ok: true } & RollOutcome)
  | { readonly ok: false; readonly reason: RollReceiptFailure; readonly message: string };

/** What a receipt is checked against. */
export interface VerifyRollReceiptOptions {
  /** The request from the player's signed intent (not from the receipt). */
  readonly request: RollRequest;
  /** The chain commitment from meta. */
  readonly commitment: ChainCommitment;
  /** The roll function; omit it (the real `roll`, engine DICE_ENGINE_VERSION). For tests. */
  readonly roll?: RollFunction;
  /**
   * A seed of the same chain already verified, usually the previous receipt's
   * ({ index: chainIndex, seed: chainSeed }): the link check is then one hash per step from it
   * instead of `chainIndex` hashes from the head. Its index must be lower than the receipt's.
   */
  readonly previous?: { readonly index: number; readonly seed: string };
}

/**
 * Checks a receipt completely: it answers this request, on the committed chain; its seed is
 * the chain's seed number `chainIndex`; and rolling the notation with the derived seed gives
 * exactly its outcome: its total and dice, or its error code. Any changed field fails. Does not
 * check what needs every receipt (that each index and each rollId is used once): the campaign's
 * audit does that.
 * @throws RollProtocolError `ROLL_INVALID_SEED` when `commitment` or `previous` is malformed
 *   (those come from the verifier itself, not from the GM)
 * @example
 * ```ts
 * const request = intent.payload;
 * const check = verifyRollReceipt(receipt, { request, commitment: meta.dice });
 * if (!check.ok) flag(intent.id, check.reason); // RECEIPT_ENGINE_UNSUPPORTED: "can't verify here"
 * ```
 */
export function verifyRollReceipt(
  receipt: RollReceipt,
  options: VerifyRollReceiptOptions,
): RollReceiptVerification {
  const { commitment, roll = realRoll, previous } = options;
  const head = decodeSeedHex(commitment.head);
  if (head === null || !Number.isInteger(commitment.length) || commitment.length < 1) {
    throw new RollProtocolError('ROLL_INVALID_SEED', 'The chain commitment is malformed.');
  }
  const previousSeed = previous === undefined ? head : decodeSeedHex(previous.seed);
  const previousIndex = previous === undefined ? 0 : previous.index;
  if (previousSeed === null || !Number.isInteger(previousIndex) || previousIndex < 0) {
    throw new RollProtocolError('ROLL_INVALID_SEED', 'The previous seed is malformed.');
  }

  const checked = checkRollRequest(options.request);
  if (!checked.ok) return refuse('REQUEST_MALFORMED', checked.message);
  const request = checked.request;
  if (!isReceiptShaped(receipt)) {
    return refuse('RECEIPT_MALFORMED', 'The receipt is not a well-formed version-1 receipt.');
  }
  if (
    receipt.engine !== request.engine ||
    receipt.rollId !== request.rollId ||
    receipt.notation !== request.notation ||
    receipt.playerNonce !== request.playerNonce ||
    receipt.chainHead !== request.chainHead
  ) {
    return refuse('RECEIPT_REQUEST_MISMATCH', 'The receipt does not answer this request.');
  }
  if (receipt.chainHead !== commitment.head) {
    return refuse('RECEIPT_WRONG_CHAIN', 'The receipt is not on the committed dice chain.');
  }
  if (receipt.chainIndex > Math.min(commitment.length, MAX_CHAIN_LENGTH)) {
    return refuse('RECEIPT_INDEX_OUT_OF_RANGE', 'The chain index is beyond the chain.');
  }
  if (receipt.chainIndex <= previousIndex) {
    return refuse('RECEIPT_INDEX_OUT_OF_RANGE', 'The chain index is not after the previous one.');
  }
  const chainSeed = decodeSeedHex(receipt.chainSeed) as Uint8Array;
  const linked = verifyChainLink(
    { index: previousIndex, seed: previousSeed },
    { index: receipt.chainIndex, seed: chainSeed },
  );
  if (!linked) {
    return refuse('RECEIPT_CHAIN_LINK_INVALID', 'The revealed seed is not on the chain there.');
  }
  // Only the recomputation depends on the engine: every check above holds for any engine.
  if (receipt.engine !== DICE_ENGINE_VERSION) {
    return refuse(
      'RECEIPT_ENGINE_UNSUPPORTED',
      `The roll was made with dice engine ${receipt.engine}; this client has engine ${DICE_ENGINE_VERSION} and cannot recompute it.`,
    );
  }

  let outcome: RollOutcome;
  try {
    outcome = rollOutcome(
      roll,
      request.notation,
      deriveRollSeed(chainSeed, checked.nonce, request.rollId),
    );
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return refuse('RECEIPT_ROLL_FAILED', `Rolling the notation failed: ${why}`);
  }
  if (outcome.error !== null || receipt.error !== null) {
    // Shape guarantees a receipt with an error has no total and no dice.
    if (outcome.error?.code !== receipt.error) {
      const recomputed = outcome.error === null ? 'a total' : `error ${outcome.error.code}`;
      const claimed = receipt.error === null ? 'a total' : `error ${receipt.error}`;
      return refuse(
        'RECEIPT_OUTCOME_MISMATCH',
        `The receipt says the roll gave ${claimed}; the dice give ${recomputed}.`,
      );
    }
    return { ok: true, ...outcome };
  }
  const { result } = outcome;
  if (result.total !== receipt.total) {
    return refuse('RECEIPT_TOTAL_MISMATCH', 'The total is not what the dice give.');
  }
  const dice = receiptDice(result);
  if (dice.length !== receipt.dice.length || dice.some((face, i) => face !== receipt.dice[i])) {
    return refuse('RECEIPT_DICE_MISMATCH', 'The dice are not what the seed gives.');
  }
  return { ok: true, result, error: null };
}

function refuse(reason: RollReceiptFailure, message: string): RollReceiptVerification {
  return { ok: false, reason, message };
}

// Receipts come from a shared document: check the shape before trusting any field's type.
// The outcome has one spelling each way: a finite total with finite dice and no error, or an
// error code (a non-empty string: another engine may have other codes) with no total and no dice.
function isReceiptShaped(value: unknown): value is RollReceipt {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<Record<keyof RollReceipt, unknown>>;
  const rolled =
    r.error === null &&
    typeof r.total === 'number' &&
    Number.isFinite(r.total) &&
    Array.isArray(r.dice) &&
    r.dice.every((face) => typeof face === 'number' && Number.isFinite(face));
  const failed =
    typeof r.error === 'string' &&
    r.error.length > 0 &&
    r.total === null &&
    Array.isArray(r.dice) &&
    r.dice.length === 0;
  return (
    r.version === ROLL_RECEIPT_VERSION &&
    isEngineNumber(r.engine) &&
    typeof r.rollId === 'string' &&
    typeof r.notation === 'string' &&
    typeof r.playerNonce === 'string' &&
    typeof r.chainHead === 'string' &&
    typeof r.chainIndex === 'number' &&
    Number.isInteger(r.chainIndex) &&
    decodeSeedHex(r.chainSeed) !== null &&
    (rolled || failed)
  );
}
