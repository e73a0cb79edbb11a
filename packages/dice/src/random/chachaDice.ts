/**
 * The seeded dice stream: a seed becomes a ChaCha20 keystream, the keystream becomes uint32
 * words, the words become dice by rejection sampling. Every roll is a pure function of its seed,
 * so any peer can replay it. docs/dice.md ("From a seed to dice") is the byte-exact definition
 * other implementations follow; the known-answer tests in chachaDice.test.ts pin it.
 */
import { chacha20 } from '@noble/ciphers/chacha.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { isBytes } from '@noble/hashes/utils.js';
import type { DiceSource } from './DiceSource';
import { DiceStreamError } from './DiceStreamError';

/** A {@link DiceSource} that also exposes the raw words, for recording and diagnostics. */
export interface SeededDice extends DiceSource {
  /** The next uint32 word of the stream (what `nextInt` draws from). Counts toward `drawCount`. */
  nextUint32(): number;
  /** How many uint32 words have been drawn so far, rejected ones included. */
  readonly drawCount: number;
}

/** The largest die: `nextInt(2 ** 32)` maps each word to a face one-to-one. */
export const MAX_DIE_SIDES = 2 ** 32;

/** The seed length used as a key as is; seeds of any other length are hashed first. */
export const SEED_KEY_BYTES = 32;

const BLOCK_BYTES = 64;
const BLOCK_WORDS = BLOCK_BYTES / 4;
// RFC 8439's block counter is 32 bits; noble refuses to reach 2^32 − 1 rather than wrap, so a
// stream has blocks 0 … 2^32 − 2 (256 GiB). No roll gets near that, but running past it must
// fail cleanly rather than repeat dice.
const BLOCK_COUNT = 2 ** 32 - 1;
// ChaCha20 comes from @noble/ciphers (audited; we write no crypto ourselves). Each call has a
// fixed setup cost, so a stream asks for one block first (a 3d6 needs no more) and doubles its
// chunk up to 4 KiB as it is drained (a 1,000-die pool makes few calls). How the keystream is
// cut into chunks never changes it.
const FIRST_CHUNK_BYTES = BLOCK_BYTES;
const MAX_CHUNK_BYTES = 4096;
// chacha20 XORs its input with the keystream; XORing zeros yields the keystream itself. Never
// written to, so every stream shares it. Its views are made once per length: chacha20 wants the
// input exactly as long as the output, and a view is an allocation.
const ZEROS = new Uint8Array(MAX_CHUNK_BYTES);
const ZERO_VIEWS: Uint8Array[] = [];
const ZERO_NONCE = new Uint8Array(12);
// Typed arrays are cheap to make but dear to hand to noble: it reads each one's `buffer`, and for
// a small array V8 then moves the bytes out of the heap. Most streams (one per roll) need only
// their first block, so that block is written here, into one buffer that every stream shares,
// and its 16 words are copied out at once, before any other stream can use the buffer.
// (Making the word view below moves this buffer out of the heap once, at load.)
const FIRST_BLOCK = new Uint8Array(BLOCK_BYTES);
const FIRST_BLOCK_WORDS = new Uint32Array(FIRST_BLOCK.buffer);
/** A stream's words before its first draw: none, so the first draw fetches a block. */
const NO_WORDS = new Uint32Array(0);
const NO_BYTES = new Uint8Array(0);
// The stream is defined in little-endian words. Reading them through a Uint32Array is the fast
// path; on a big-endian host each chunk is byte-swapped once, so the words stay the same.
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * Creates the dice stream for a seed.
 *
 * Key: the seed itself when it is exactly 32 bytes, else SHA-256(seed) (so seeds of any length,
 * e.g. a short `--seed` on the command line, still give a full-strength key). Nonce: 12 zero
 * bytes. Block counter: from 0. Words: the keystream read as little-endian uint32s.
 * `nextInt(s)` draws words until one is below `2^32 - (2^32 mod s)` and returns `word mod s + 1`.
 *
 * Nothing is computed until the first draw, so creating a stream per roll is cheap.
 *
 * @param seed any bytes; the stream copies or hashes it, so later changes to `seed` do not leak in
 * @throws DiceStreamError `DICE_INVALID_SEED` when `seed` is not a Uint8Array
 * @example
 * ```ts
 * const dice = createSeededDice(parseSeedHex('00'.repeat(32)));
 * const d20 = dice.nextInt(20);
 * ```
 */
export function createSeededDice(seed: Uint8Array): SeededDice {
  return new ChaChaDice(seedToKey(seed), 0);
}

/**
 * The stream's key: the seed when it is 32 bytes (copied), else SHA-256(seed). Internal;
 * exported for the tests, which start streams near the end of the counter range.
 */
export function seedToKey(seed: Uint8Array): Uint8Array {
  if (!isBytes(seed)) {
    throw new DiceStreamError('DICE_INVALID_SEED', 'A dice seed must be a Uint8Array.');
  }
  if (seed.length !== SEED_KEY_BYTES) return sha256(seed);
  // A copy into a fresh array: `new` and `set` cost half of `Uint8Array.from`, and `slice` would
  // not do (a Node Buffer's `slice` is a view of the same bytes).
  const key = new Uint8Array(SEED_KEY_BYTES);
  key.set(seed);
  return key;
}

/**
 * The stream itself. Internal: callers use {@link createSeededDice}; the tests construct it
 * directly to start at a late block.
 */
export class ChaChaDice implements SeededDice {
  readonly #key: Uint8Array;
  /** The stream's own buffer for chunks of more than one block, made when first needed. */
  #chunk = NO_BYTES;
  #words = NO_WORDS;
  #position = 0;
  #nextBlock: number;
  #nextChunkBytes = FIRST_CHUNK_BYTES;
  #draws = 0;
  // Dice come in runs of the same size (8d6), so the validated sides and the rejection limit of
  // the last call are kept. NaN equals nothing, so the first call always validates.
  #lastSides = Number.NaN;
  #lastLimit = 0;

  /**
   * @param key the 32-byte key, owned by the stream from now on
   * @param firstBlock the block counter of the first block (0 for a normal stream)
   */
  constructor(key: Uint8Array, firstBlock: number) {
    this.#key = key;
    this.#nextBlock = firstBlock;
  }

  get drawCount(): number {
    return this.#draws;
  }

  nextUint32(): number {
    if (this.#position === this.#words.length) this.#refill();
    this.#draws++;
    return this.#words[this.#position++] as number;
  }

  nextInt(sides: number): number {
    if (sides !== this.#lastSides) {
      if (!Number.isInteger(sides) || sides < 1 || sides > MAX_DIE_SIDES) {
        throw new DiceStreamError(
          'DICE_INVALID_SIDES',
          `A die needs an integer number of sides from 1 to 2^32, got ${String(sides)}.`,
        );
      }
      this.#lastSides = sides;
      // The largest multiple of `sides` that is at most 2^32: words at or above it would make
      // the low faces likelier. Exact in doubles, since both operands are integers below 2^53.
      this.#lastLimit = MAX_DIE_SIDES - (MAX_DIE_SIDES % sides);
    }
    const limit = this.#lastLimit;
    let word = this.nextUint32();
    while (word >= limit) word = this.nextUint32();
    return (word % sides) + 1;
  }

  #refill(): void {
    const blocksLeft = BLOCK_COUNT - this.#nextBlock;
    if (blocksLeft <= 0) {
      throw new DiceStreamError(
        'DICE_STREAM_EXHAUSTED',
        'This dice stream has used every ChaCha20 block of its seed.',
      );
    }
    const bytes = Math.min(this.#nextChunkBytes, blocksLeft * BLOCK_BYTES);
    const blocks = bytes / BLOCK_BYTES;
    let zeros = ZERO_VIEWS[blocks];
    if (zeros === undefined) {
      zeros = ZEROS.subarray(0, bytes);
      ZERO_VIEWS[blocks] = zeros;
    }
    if (bytes === BLOCK_BYTES) {
      chacha20(this.#key, ZERO_NONCE, zeros, FIRST_BLOCK, this.#nextBlock);
      if (!HOST_IS_LITTLE_ENDIAN) swapWordBytes(FIRST_BLOCK_WORDS);
      // A 16-word array is small enough for V8 to keep in the heap: cheap to make and to drop.
      if (this.#words.length !== BLOCK_WORDS) this.#words = new Uint32Array(BLOCK_WORDS);
      this.#words.set(FIRST_BLOCK_WORDS);
    } else {
      if (this.#chunk.length !== bytes) {
        this.#chunk = new Uint8Array(bytes);
        this.#words = new Uint32Array(this.#chunk.buffer);
      }
      chacha20(this.#key, ZERO_NONCE, zeros, this.#chunk, this.#nextBlock);
      if (!HOST_IS_LITTLE_ENDIAN) swapWordBytes(this.#words);
    }
    this.#nextBlock += blocks;
    this.#nextChunkBytes = Math.min(this.#nextChunkBytes * 2, MAX_CHUNK_BYTES);
    this.#position = 0;
  }
}

function swapWordBytes(words: Uint32Array): void {
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as number;
    words[i] = ((w & 0xff) << 24) | ((w & 0xff00) << 8) | ((w >>> 8) & 0xff00) | (w >>> 24);
  }
}
