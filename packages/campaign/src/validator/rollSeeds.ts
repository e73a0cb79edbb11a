/**
 * The validator's dice: each ruling that draws dice reveals the next seed of the GM's committed
 * chain (kept secret in the gm doc), and the call's seed is SHA-256(chain seed ‖ player nonce ‖
 * intent id) (packages/dice deriveRollSeed). The GM cannot choose a seed (the chain's head is
 * published in meta before any roll), nor the player (the chain seed is unknown to them until
 * the receipt reveals it), and every peer can check both from the receipt.
 */
import {
  deriveRollSeed,
  revealNext,
  type SeedChain,
  seedChainFromJSON,
  seedChainToJSON,
  seedToHex,
} from '@meshtable/dice';
import { sha256 } from '@noble/hashes/sha2.js';
import type * as Y from 'yjs';
import { decodeBase64Url } from '../identity/base64url';

/** Where the gm doc keeps the chain: `validator.seedChain`. */
export const SEED_CHAIN_KEY = 'seedChain';

/** The next seed, not yet revealed: it becomes public only if the ruling draws dice. */
export interface PendingSeed {
  /** The call's dice seed. */
  readonly seed: Uint8Array;
  readonly index: number;
  /** The chain seed, hex, as the receipt reveals it. */
  readonly chainSeed: string;
  /** The chain after the reveal: store it with the receipt. */
  readonly chain: SeedChain;
}

/** Reads the chain from the gm doc's validator map; null when the campaign has none. */
export function readSeedChain(validatorMap: Y.Map<unknown>): SeedChain | null {
  const stored = validatorMap.get(SEED_CHAIN_KEY);
  return stored === undefined ? null : seedChainFromJSON(stored);
}

/** Stores the chain (call in the same transaction as the receipt that revealed its seed). */
export function writeSeedChain(validatorMap: Y.Map<unknown>, chain: SeedChain): void {
  validatorMap.set(SEED_CHAIN_KEY, seedChainToJSON(chain));
}

/**
 * The seed a ruling on `intentId` would use: the chain's next seed mixed with the player's
 * nonce. The nonce is the roll request's own (`payload.playerNonce`, hex) when there is one, else
 * derived from the intent's signature, which the player fixed before the GM could see it.
 */
export function nextRollSeed(
  chain: SeedChain,
  intentId: string,
  playerNonce: Uint8Array,
): PendingSeed {
  const revealed = revealNext(chain);
  return {
    seed: deriveRollSeed(revealed.seed, playerNonce, intentId),
    index: revealed.index,
    chainSeed: seedToHex(revealed.seed),
    chain: revealed.chain,
  };
}

/**
 * The player's nonce of an intent: its payload's `playerNonce` (hex, as packages/dice
 * makeRollRequest writes it), else SHA-256 of its signature.
 */
export function playerNonceOf(payload: unknown, signature: string): Uint8Array {
  const nonce =
    typeof payload === 'object' && payload !== null
      ? (payload as { playerNonce?: unknown }).playerNonce
      : undefined;
  if (typeof nonce === 'string' && /^(?:[0-9a-f]{2}){16,64}$/.test(nonce)) {
    return Uint8Array.from(nonce.match(/../g) as string[], (byte) => Number.parseInt(byte, 16));
  }
  // A verified intent's signature is 64 bytes; the text form is hashed if ever it is not.
  return sha256(decodeBase64Url(signature, 64) ?? new TextEncoder().encode(signature));
}
