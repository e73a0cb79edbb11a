import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../testing/errorCode';
import {
  chainCommitment,
  createSeedChain,
  DEFAULT_CHAIN_LENGTH,
  MAX_CHAIN_LENGTH,
  nextSeedChain,
  remainingSeeds,
  revealNext,
  type SeedChain,
  seedChainFromJSON,
  seedChainToJSON,
  verifyChainLink,
  verifyReveal,
  verifySeedAt,
} from './seedChain';

const codeOf = errorCodeOf;

/** Reveals every remaining seed, in order. */
function revealAll(chain: SeedChain): { index: number; seed: Uint8Array }[] {
  const reveals = [];
  let current = chain;
  while (remainingSeeds(current) > 0) {
    const { index, seed, chain: after } = revealNext(current);
    reveals.push({ index, seed });
    current = after;
  }
  return reveals;
}

const ZERO_ROOT = new Uint8Array(32);

describe('createSeedChain and revealNext', () => {
  // Computed independently (Python hashlib): s_3 = 0^32, s_{i-1} = SHA-256(s_i).
  it('hashes the root down to the head and reveals s_1, s_2, s_3 in that order', () => {
    const chain = createSeedChain(3, ZERO_ROOT);
    expect(bytesToHex(chain.head)).toBe(
      '12771355e46cd47c71ed1721fd5319b383cca3a1f9fce3aa1c8cd3bd37af20d7',
    );
    expect(revealAll(chain).map(({ index, seed }) => [index, bytesToHex(seed)])).toEqual([
      [1, '2b32db6c2c0a6235fb1397e8225ea85e0f0e6e8c7b126d0016ccbde0e667151e'],
      [2, '66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925'],
      [3, '0'.repeat(64)],
    ]);
  });

  it('makes every reveal check against the one before it, starting from the head', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.integer({ min: 1, max: 40 }),
        (root, length) => {
          const chain = createSeedChain(length, root);
          let previous = chain.head;
          for (const { seed } of revealAll(chain)) {
            expect(verifyReveal(previous, seed)).toBe(true);
            previous = seed;
          }
          expect(previous).toEqual(root);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('is pure: the chain passed in is unchanged, and the same state reveals the same seed', () => {
    const chain = createSeedChain(5, ZERO_ROOT);
    const first = revealNext(chain);
    const again = revealNext(chain);
    expect(chain.revealed).toBe(0);
    expect(again.index).toBe(1);
    expect(again.seed).toEqual(first.seed);
    expect(first.chain.revealed).toBe(1);
    expect(revealNext(first.chain).index).toBe(2);
    expect(Object.isFrozen(first.chain)).toBe(true);
  });

  it('hands out copies: scribbling on a revealed seed does not change later reveals', () => {
    const chain = createSeedChain(2, ZERO_ROOT);
    const first = revealNext(chain);
    const kept = Uint8Array.from(first.seed);
    first.seed.fill(7);
    expect(revealNext(chain).seed).toEqual(kept);
  });

  it('draws a fresh random root when none is given', () => {
    const a = createSeedChain(4);
    const b = createSeedChain(4);
    expect(a.root).not.toEqual(b.root);
    expect(a.head).not.toEqual(b.head);
    expect(createSeedChain().length).toBe(DEFAULT_CHAIN_LENGTH);
  });

  it.each([0, -1, 1.5, Number.NaN, MAX_CHAIN_LENGTH + 1])(
    'refuses the chain length %s',
    (length) => {
      expect(codeOf(() => createSeedChain(length, ZERO_ROOT))).toBe('ROLL_INVALID_CHAIN_LENGTH');
    },
  );

  it('refuses a root that is not 32 bytes', () => {
    expect(codeOf(() => createSeedChain(3, new Uint8Array(31)))).toBe('ROLL_INVALID_SEED');
  });

  it('refuses a hand-made chain whose head does not belong to its root', () => {
    const chain = createSeedChain(3, ZERO_ROOT);
    const forged = { ...chain, head: new Uint8Array(32) };
    expect(codeOf(() => revealNext(forged))).toBe('ROLL_CHAIN_INVALID');
    expect(codeOf(() => revealNext({ ...chain, revealed: 4 }))).toBe('ROLL_CHAIN_INVALID');
  });
});

describe('when the chain runs out', () => {
  it('refuses to reveal past the last seed', () => {
    const chain = createSeedChain(2, ZERO_ROOT);
    const spent = revealNext(revealNext(chain).chain).chain;
    expect(remainingSeeds(spent)).toBe(0);
    expect(codeOf(() => revealNext(spent))).toBe('ROLL_CHAIN_EXHAUSTED');
  });

  it('gives a successor with a new head only once the chain is spent', () => {
    const chain = createSeedChain(2, ZERO_ROOT);
    expect(codeOf(() => nextSeedChain(chain))).toBe('ROLL_CHAIN_NOT_EXHAUSTED');
    const spent = revealNext(revealNext(chain).chain).chain;
    const successor = nextSeedChain(spent);
    expect(successor.length).toBe(2);
    expect(successor.revealed).toBe(0);
    expect(successor.head).not.toEqual(chain.head);
    const { index, seed } = revealNext(successor);
    expect(index).toBe(1);
    expect(verifyReveal(successor.head, seed)).toBe(true);
    expect(verifyReveal(chain.head, seed)).toBe(false);
  });
});

describe('verifying seeds', () => {
  const chain = createSeedChain(10, hexToBytes('11'.repeat(32)));
  const reveals = revealAll(chain);
  const seedAt = (k: number) => (reveals[k - 1] as { seed: Uint8Array }).seed;

  it('checks a seed at index k against the head directly, with k hashes', () => {
    for (const { index, seed } of reveals) expect(verifySeedAt(chain.head, index, seed)).toBe(true);
    expect(verifySeedAt(chain.head, 4, seedAt(5))).toBe(false);
    expect(verifySeedAt(chain.head, 5, seedAt(4))).toBe(false);
  });

  it('checks a seed against any earlier seed of the chain', () => {
    expect(verifyChainLink({ index: 3, seed: seedAt(3) }, { index: 7, seed: seedAt(7) })).toBe(
      true,
    );
    expect(verifyChainLink({ index: 3, seed: seedAt(3) }, { index: 8, seed: seedAt(7) })).toBe(
      false,
    );
  });

  it('refuses indexes that do not move forward or lie beyond the longest chain', () => {
    const head = { index: 0, seed: chain.head };
    expect(verifyChainLink(head, { index: 0, seed: chain.head })).toBe(false);
    expect(verifyChainLink({ index: 5, seed: seedAt(5) }, { index: 4, seed: seedAt(4) })).toBe(
      false,
    );
    expect(verifyChainLink(head, { index: -1, seed: seedAt(1) })).toBe(false);
    expect(verifyChainLink(head, { index: 1.5, seed: seedAt(1) })).toBe(false);
    expect(verifyChainLink(head, { index: MAX_CHAIN_LENGTH + 1, seed: seedAt(1) })).toBe(false);
    expect(verifyChainLink(head, { index: 2 ** 40, seed: seedAt(1) })).toBe(false);
  });

  it('rejects any changed byte of a revealed seed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.nat({ max: 31 }),
        fc.integer({ min: 1, max: 255 }),
        (k, at, flip) => {
          const tampered = Uint8Array.from(seedAt(k));
          tampered[at] = (tampered[at] as number) ^ flip;
          expect(verifySeedAt(chain.head, k, tampered)).toBe(false);
          const previous = k === 1 ? chain.head : seedAt(k - 1);
          expect(verifyReveal(previous, tampered)).toBe(false);
        },
      ),
    );
  });

  it('says false, not throw, for seeds of the wrong length', () => {
    expect(verifyReveal(chain.head, new Uint8Array(31))).toBe(false);
    expect(verifyReveal(new Uint8Array(0), seedAt(1))).toBe(false);
    expect(verifyReveal(sha256(new Uint8Array(31)), new Uint8Array(31))).toBe(false);
  });
});

describe('storing the chain', () => {
  it('round-trips through JSON in the gm doc and carries on where it stopped', () => {
    const chain = revealNext(revealNext(createSeedChain(6, ZERO_ROOT)).chain).chain;
    const stored = JSON.parse(JSON.stringify(seedChainToJSON(chain)));
    const loaded = seedChainFromJSON(stored);
    expect(loaded.revealed).toBe(2);
    expect(loaded.head).toEqual(chain.head);
    expect(revealNext(loaded).seed).toEqual(revealNext(chain).seed);
    expect(revealNext(loaded).index).toBe(3);
  });

  it('publishes only the head and the length', () => {
    const chain = createSeedChain(3, ZERO_ROOT);
    expect(chainCommitment(chain)).toEqual({
      head: '12771355e46cd47c71ed1721fd5319b383cca3a1f9fce3aa1c8cd3bd37af20d7',
      length: 3,
    });
  });

  const good = seedChainToJSON(createSeedChain(4, hexToBytes(`${'c0ffee'.repeat(10)}c0ff`)));
  it.each([
    ['not an object', null],
    ['another version', { ...good, version: 2 }],
    ['a head the root does not hash to', { ...good, head: 'ab'.repeat(32) }],
    ['a changed root', { ...good, root: `01${good.root.slice(2)}` }],
    ['a length the head was not made with', { ...good, length: 5 }],
    ['an uppercase root', { ...good, root: good.root.toUpperCase() }],
    ['a short head', { ...good, head: good.head.slice(2) }],
    ['revealed beyond the length', { ...good, revealed: 5 }],
    ['a negative revealed', { ...good, revealed: -1 }],
    ['a fractional revealed', { ...good, revealed: 1.5 }],
    ['a length beyond the maximum', { ...good, length: MAX_CHAIN_LENGTH + 1 }],
  ])('refuses a stored chain with %s', (_, stored) => {
    expect(codeOf(() => seedChainFromJSON(stored))).toBe('ROLL_CHAIN_INVALID');
  });
});
