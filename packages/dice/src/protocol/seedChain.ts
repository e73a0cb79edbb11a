/**
 * The GM's hash chain of seeds (DESIGN.md §3). A secret root s_n is hashed n times:
 * s_{i-1} = SHA-256(s_i), down to the head s_0, which the GM publishes in `meta` before any roll.
 * Seeds are then revealed upward, s_1, s_2, …, one per roll receipt; anyone checks a reveal with
 * SHA-256(s_k) = s_{k-1}. Since SHA-256 cannot be run backwards, the head commits the GM to every
 * future seed without disclosing any of them.
 *
 * State is explicit and immutable: a {@link SeedChain} is a value, and {@link revealNext} returns
 * the seed together with the chain that follows it. The GM stores the new chain (the gm doc)
 * in the same transaction as the receipt that reveals the seed, so a crash can never reveal one
 * index twice or skip one.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, isBytes } from '@noble/hashes/utils.js';
import { decodeCanonicalHex } from './canonicalHex';
import { RollProtocolError } from './RollProtocolError';
import { secureRandomBytes } from './secureRandom';

/** Bytes of every chain seed (a SHA-256 output), and of the roll seed. */
export const SEED_BYTES = 32;
/**
 * The longest chain. Verifying a seed against the head costs one hash per index (65,536 hashes
 * is tens of milliseconds), and a receipt claiming a larger index is refused before any hashing,
 * so a forged receipt cannot make peers hash for long. The chain's table of seeds is 2 MiB.
 */
export const MAX_CHAIN_LENGTH = 65_536;
/** The chain length createSeedChain uses when none is given: a few months of rolls at a table. */
export const DEFAULT_CHAIN_LENGTH = 4096;

/** The GM's chain: secret (it holds the root), so it lives in the gm doc only. */
export interface SeedChain {
  /** How many seeds the chain can reveal: s_1 … s_length. */
  readonly length: number;
  /** s_0, the commitment published in meta. Public. */
  readonly head: Uint8Array;
  /** s_length, from which every seed is derived. Secret: whoever has it knows every future seed. */
  readonly root: Uint8Array;
  /** How many seeds have been revealed; the next reveal is s_{revealed + 1}. */
  readonly revealed: number;
}

/** A seed of a chain with its index: s_index. */
export interface RevealedSeed {
  readonly index: number;
  readonly seed: Uint8Array;
}

/** What the GM publishes in meta for a chain: everything peers need to check its reveals. */
export interface ChainCommitment {
  /** s_0 as 64 lowercase hex digits. */
  readonly head: string;
  /** How many seeds the chain has; a receipt with a larger index is refused. */
  readonly length: number;
}

/** A chain as stored in the gm doc: plain JSON, seeds as lowercase hex. */
export interface SeedChainJSON {
  readonly version: 1;
  readonly length: number;
  readonly head: string;
  readonly root: string;
  readonly revealed: number;
}

// Every seed of a chain, s_0 … s_length, 32 bytes each, keyed by the chain's root array. Chains
// that follow one another through revealNext share the root array, so the table is built once
// per chain (when it is created or loaded) and each reveal is a copy out of it.
const seedTables = new WeakMap<Uint8Array, Uint8Array>();
/** Tables of chains read from JSON lately, by `length:rootHex`: a campaign has one at a time. */
const recentTables = new Map<string, Uint8Array>();
const RECENT_TABLES = 8;

/**
 * Makes a new chain: draws (or takes) the root and hashes it down to the head.
 * @param length how many seeds the chain will reveal, 1 to MAX_CHAIN_LENGTH
 * @param rootSeed the root s_length (32 bytes); omit it to draw one from crypto.getRandomValues.
 *   Only tests and deterministic fixtures should pass one.
 * @throws RollProtocolError `ROLL_INVALID_CHAIN_LENGTH`, `ROLL_INVALID_SEED`,
 *   `ROLL_NO_SECURE_RANDOM`
 * @example
 * ```ts
 * const chain = createSeedChain();
 * meta.set('dice', chainCommitment(chain)); // public
 * gmDoc.set('diceChain', seedChainToJSON(chain)); // secret
 * ```
 */
export function createSeedChain(
  length: number = DEFAULT_CHAIN_LENGTH,
  rootSeed?: Uint8Array,
): SeedChain {
  assertChainLength(length);
  let root: Uint8Array;
  if (rootSeed === undefined) {
    root = secureRandomBytes(SEED_BYTES);
  } else {
    assertSeed(rootSeed, 'A chain root');
    root = Uint8Array.from(rootSeed);
  }
  const table = buildSeedTable(root, length);
  seedTables.set(root, table);
  return Object.freeze({ length, head: table.slice(0, SEED_BYTES), root, revealed: 0 });
}

/**
 * Reveals the chain's next seed. Pure: `chain` is not changed, and calling it twice on the same
 * chain gives the same seed, so the caller must keep the returned chain (and store it together
 * with the receipt) to move on.
 * @returns the seed s_k with its index k, and the chain after it
 * @throws RollProtocolError `ROLL_CHAIN_EXHAUSTED` when all `length` seeds are revealed
 */
export function revealNext(chain: SeedChain): RevealedSeed & { readonly chain: SeedChain } {
  const table = seedTableOf(chain);
  if (chain.revealed >= chain.length) {
    throw new RollProtocolError(
      'ROLL_CHAIN_EXHAUSTED',
      `All ${chain.length} seeds of this chain are revealed: commit a new chain (nextSeedChain).`,
    );
  }
  const index = chain.revealed + 1;
  const seed = table.slice(index * SEED_BYTES, (index + 1) * SEED_BYTES);
  return { index, seed, chain: Object.freeze({ ...chain, revealed: index }) };
}

/** How many seeds the chain can still reveal. */
export function remainingSeeds(chain: SeedChain): number {
  return chain.length - chain.revealed;
}

/**
 * The chain that follows an exhausted one: same length, a fresh root, a new head. The GM
 * publishes the new head in meta in the same transaction as the receipt that used the old
 * chain's last seed. Refusing to replace a chain that still has seeds keeps the rule simple for
 * peers: a chain is replaced only when its last index has been used, so an early switch (which
 * could drop pending rolls the GM dislikes) is visible.
 * @param rootSeed as for createSeedChain: omit it outside tests
 * @throws RollProtocolError `ROLL_CHAIN_NOT_EXHAUSTED` while `chain` has seeds left
 */
export function nextSeedChain(chain: SeedChain, rootSeed?: Uint8Array): SeedChain {
  if (remainingSeeds(chain) > 0) {
    throw new RollProtocolError(
      'ROLL_CHAIN_NOT_EXHAUSTED',
      `This chain still has ${remainingSeeds(chain)} seeds; replace it only when they are used.`,
    );
  }
  return createSeedChain(chain.length, rootSeed);
}

/** The public part of a chain, as published in meta. */
export function chainCommitment(chain: SeedChain): ChainCommitment {
  return { head: bytesToHex(chain.head), length: chain.length };
}

/**
 * Checks one reveal against the seed revealed just before it: SHA-256(revealed) = previous.
 * For the first seed of a chain, `previous` is the head.
 */
export function verifyReveal(previous: Uint8Array, revealed: Uint8Array): boolean {
  return isSeed(previous) && isSeed(revealed) && equalBytes(sha256(revealed), previous);
}

/**
 * Checks that `revealed` belongs to the same chain as `anchor`, further along: hashing
 * revealed.seed (revealed.index − anchor.index) times gives anchor.seed. With the head as
 * anchor (index 0) this checks any seed against the commitment; with the seed of the previous
 * receipt it is a single hash. False, without hashing, when the indexes are not integers with
 * 0 ≤ anchor.index < revealed.index ≤ MAX_CHAIN_LENGTH.
 */
export function verifyChainLink(anchor: RevealedSeed, revealed: RevealedSeed): boolean {
  if (!isSeed(anchor.seed) || !isSeed(revealed.seed)) return false;
  if (!Number.isInteger(anchor.index) || !Number.isInteger(revealed.index)) return false;
  if (anchor.index < 0 || revealed.index <= anchor.index) return false;
  if (revealed.index > MAX_CHAIN_LENGTH) return false;
  let seed = revealed.seed;
  for (let i = anchor.index; i < revealed.index; i++) seed = sha256(seed);
  return equalBytes(seed, anchor.seed);
}

/** Checks a seed s_index against the chain's head s_0 directly: `index` hashes. */
export function verifySeedAt(head: Uint8Array, index: number, seed: Uint8Array): boolean {
  return verifyChainLink({ index: 0, seed: head }, { index, seed });
}

/** The chain as JSON for the gm doc. Holds the secret root: never put it in the table doc. */
export function seedChainToJSON(chain: SeedChain): SeedChainJSON {
  return {
    version: 1,
    length: chain.length,
    head: bytesToHex(chain.head),
    root: bytesToHex(chain.root),
    revealed: chain.revealed,
  };
}

/**
 * Reads a chain stored by {@link seedChainToJSON}, checking everything, including that the root
 * really hashes down to the head (a corrupted gm doc must not yield seeds that fail verification).
 * @throws RollProtocolError `ROLL_CHAIN_INVALID` with what is wrong
 */
export function seedChainFromJSON(value: unknown): SeedChain {
  const invalid = (why: string) =>
    new RollProtocolError('ROLL_CHAIN_INVALID', `Stored dice chain: ${why}.`);
  if (typeof value !== 'object' || value === null) throw invalid('not an object');
  const json = value as Partial<Record<keyof SeedChainJSON, unknown>>;
  if (json.version !== 1) throw invalid(`unsupported version ${String(json.version)}`);
  const { length, revealed } = json;
  if (!isChainLength(length)) throw invalid('length is not an integer from 1 to 65536');
  if (typeof revealed !== 'number' || !Number.isInteger(revealed)) {
    throw invalid('revealed is not an integer');
  }
  if (revealed < 0 || revealed > length) throw invalid('revealed is outside 0..length');
  const head = decodeSeedHex(json.head);
  const root = decodeSeedHex(json.root);
  if (head === null || root === null) throw invalid('head and root must be 64 lowercase hex');
  // The validator reads the stored chain for every ruling; hashing a 4,096-seed table each time
  // cost milliseconds. Tables are remembered by root and length (what determines them).
  const cacheKey = `${length}:${json.root as string}`;
  let table = recentTables.get(cacheKey);
  if (table === undefined) {
    table = buildSeedTable(root, length);
    if (recentTables.size >= RECENT_TABLES)
      recentTables.delete(recentTables.keys().next().value as string);
    recentTables.set(cacheKey, table);
  }
  if (!equalBytes(table.subarray(0, SEED_BYTES), head)) {
    throw invalid('the root does not hash to the head');
  }
  seedTables.set(root, table);
  return Object.freeze({ length, head, root, revealed });
}

/**
 * Parses a seed written as 64 lowercase hex digits (the canonical form in requests, receipts and
 * stored chains, so that comparing the strings compares the seeds), or returns null.
 */
export function decodeSeedHex(hex: unknown): Uint8Array | null {
  const seed = decodeCanonicalHex(hex);
  return seed !== null && seed.length === SEED_BYTES ? seed : null;
}

function seedTableOf(chain: SeedChain): Uint8Array {
  assertChainLength(chain.length);
  assertSeed(chain.root, 'A chain root');
  assertSeed(chain.head, 'A chain head');
  if (!Number.isInteger(chain.revealed) || chain.revealed < 0 || chain.revealed > chain.length) {
    throw new RollProtocolError('ROLL_CHAIN_INVALID', 'revealed is outside 0..length.');
  }
  let table = seedTables.get(chain.root);
  // A chain put together by hand (not by createSeedChain or seedChainFromJSON): build its table
  // once, and make sure its root and head belong together.
  if (table === undefined || table.length !== (chain.length + 1) * SEED_BYTES) {
    table = buildSeedTable(chain.root, chain.length);
    seedTables.set(chain.root, table);
  }
  if (!equalBytes(table.subarray(0, SEED_BYTES), chain.head)) {
    throw new RollProtocolError('ROLL_CHAIN_INVALID', 'The chain root does not hash to its head.');
  }
  return table;
}

function buildSeedTable(root: Uint8Array, length: number): Uint8Array {
  const table = new Uint8Array((length + 1) * SEED_BYTES);
  table.set(root, length * SEED_BYTES);
  for (let i = length; i > 0; i--) {
    table.set(sha256(table.subarray(i * SEED_BYTES, (i + 1) * SEED_BYTES)), (i - 1) * SEED_BYTES);
  }
  return table;
}

function isChainLength(length: unknown): length is number {
  return (
    typeof length === 'number' &&
    Number.isInteger(length) &&
    length >= 1 &&
    length <= MAX_CHAIN_LENGTH
  );
}

function assertChainLength(length: number): void {
  if (!isChainLength(length)) {
    throw new RollProtocolError(
      'ROLL_INVALID_CHAIN_LENGTH',
      `A chain length must be an integer from 1 to ${MAX_CHAIN_LENGTH}, got ${String(length)}.`,
    );
  }
}

function isSeed(seed: unknown): seed is Uint8Array {
  return isBytes(seed) && seed.length === SEED_BYTES;
}

function assertSeed(seed: unknown, what: string): void {
  if (!isSeed(seed)) {
    throw new RollProtocolError('ROLL_INVALID_SEED', `${what} must be ${SEED_BYTES} bytes.`);
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
