/**
 * @meshtable/dice — dice notation (the Roll20 / rpg-dice-roller dialect), a deterministic dice
 * stream from a seed (ChaCha20 with rejection sampling), and the verifiable-roll protocol.
 * Runtime-neutral: it runs in browsers, in Node and inside the rules sandbox.
 */

export { evaluateRoll } from './evaluate/evaluate';
export type { InlineRollSpan, InlineRollText } from './inline';
export { findInlineRolls, rollInline } from './inline';
export type {
  ComparePoint,
  DiceModifier,
  DiceNode,
  ExplodeMode,
  Expr,
  FunctionName,
  GroupModifier,
  GroupNode,
  KeepDropModifier,
} from './notation/ast';
export type { DiceErrorCode } from './notation/errors';
export { DiceNotationError } from './notation/errors';
export { DICE_LIMITS } from './notation/limits';
export { parseNotation } from './notation/parser';
export { DICE_ENGINE_VERSION } from './protocol/engine';
export type { RollProtocolErrorCode } from './protocol/RollProtocolError';
export { RollProtocolError } from './protocol/RollProtocolError';
export { receiptDice } from './protocol/receiptDice';
export type {
  ResolvedRoll,
  RollFunction,
  RollOutcome,
  RollReceipt,
  RollReceiptFailure,
  RollReceiptVerification,
  VerifyRollReceiptOptions,
} from './protocol/rollReceipt';
export { ROLL_RECEIPT_VERSION, resolveRoll, verifyRollReceipt } from './protocol/rollReceipt';
export type { CheckedRollRequest, RollRequest } from './protocol/rollRequest';
export { checkRollRequest, makeRollRequest, PLAYER_NONCE_BYTES } from './protocol/rollRequest';
export {
  deriveRollSeed,
  PLAYER_NONCE_MAX_BYTES,
  PLAYER_NONCE_MIN_BYTES,
  ROLL_ID_MAX_BYTES,
  ROLL_SEED_DOMAIN,
} from './protocol/rollSeed';
export type {
  ChainCommitment,
  RevealedSeed,
  SeedChain,
  SeedChainJSON,
} from './protocol/seedChain';
export {
  chainCommitment,
  createSeedChain,
  DEFAULT_CHAIN_LENGTH,
  decodeSeedHex,
  MAX_CHAIN_LENGTH,
  nextSeedChain,
  remainingSeeds,
  revealNext,
  SEED_BYTES,
  seedChainFromJSON,
  seedChainToJSON,
  verifyChainLink,
  verifyReveal,
  verifySeedAt,
} from './protocol/seedChain';
export type { SeededDice } from './random/chachaDice';
export { createSeededDice, MAX_DIE_SIDES, SEED_KEY_BYTES } from './random/chachaDice';
export type { DiceSource } from './random/DiceSource';
export type { DiceStreamErrorCode } from './random/DiceStreamError';
export { DiceStreamError } from './random/DiceStreamError';
export type { ScriptedDice } from './random/scriptedDice';
export { scriptedDice } from './random/scriptedDice';
export { decodeHex, parseSeedHex, seedToHex } from './random/seedHex';
export { parse, roll, rollWith } from './roll';
export type {
  DiceTermRoll,
  DieRoll,
  DieSides,
  GroupEntry,
  GroupRoll,
  RollResult,
  TermRoll,
} from './types';
