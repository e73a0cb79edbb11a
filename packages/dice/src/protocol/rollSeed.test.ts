import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../testing/errorCode';
import { deriveRollSeed, ROLL_ID_MAX_BYTES, ROLL_SEED_DOMAIN } from './rollSeed';

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const COUNTING = Uint8Array.from({ length: 32 }, (_, i) => i);
const NONCE = new Uint8Array(16).fill(0xaa);

const codeOf = errorCodeOf;

describe('deriveRollSeed', () => {
  // Computed independently (Python hashlib) from the definition in docs/dice.md:
  // SHA-256 of the length-prefixed fields tag, chainSeed, playerNonce, utf8(rollId).
  it('matches the known answers, so other implementations can check theirs', () => {
    expect(ROLL_SEED_DOMAIN).toBe('meshtable/dice/roll-seed/v1');
    expect(hex(deriveRollSeed(COUNTING, NONCE, 'intent-1'))).toBe(
      '91d4245deb289249b7a3dbabc9c08d3c92cc8de2d72b5b8781902f48ec51ebff',
    );
    const nonce64 = Uint8Array.from({ length: 64 }, (_, i) => i);
    expect(hex(deriveRollSeed(new Uint8Array(32), nonce64, 'é🎲/7'))).toBe(
      '8bf07070a384833c04879d0934538237b361924197d1bb7619e488c9cbd825f7',
    );
  });

  it('tells ("…ab", "c") from ("…a", "bc"): moving a byte across the nonce/rollId border', () => {
    const prefix = new Uint8Array(16).fill(0x61);
    const ab = Uint8Array.from([...prefix, 0x62]);
    expect(hex(deriveRollSeed(COUNTING, ab, 'c'))).not.toBe(
      hex(deriveRollSeed(COUNTING, prefix, 'bc')),
    );
  });

  it('never maps two different splits of the same bytes to one seed', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 40 }),
        fc.string({ unit: fc.constantFrom(...'abcdefghij'), minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 8 }),
        (nonce, rollId, moved) => {
          // Move `moved` ASCII characters from the start of the roll id onto the end of the
          // nonce: the concatenation nonce ‖ rollId is unchanged, the seed must not be.
          const take = Math.min(moved, rollId.length - 1);
          fc.pre(take >= 1 && nonce.length + take <= 64);
          const longerNonce = Uint8Array.from([
            ...nonce,
            ...Array.from(rollId.slice(0, take), (c) => c.charCodeAt(0)),
          ]);
          expect(hex(deriveRollSeed(COUNTING, longerNonce, rollId.slice(take)))).not.toBe(
            hex(deriveRollSeed(COUNTING, nonce, rollId)),
          );
        },
      ),
    );
  });

  it('changes when any one input changes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 16, maxLength: 64 }),
        fc.string({ minLength: 1, maxLength: 20, unit: 'grapheme-ascii' }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (chainSeed, nonce, rollId, at, flip) => {
          const seed = hex(deriveRollSeed(chainSeed, nonce, rollId));
          const otherSeed = Uint8Array.from(chainSeed);
          otherSeed[at % 32] = (otherSeed[at % 32] as number) ^ flip;
          const otherNonce = Uint8Array.from(nonce);
          otherNonce[at % nonce.length] = (otherNonce[at % nonce.length] as number) ^ flip;
          expect(hex(deriveRollSeed(otherSeed, nonce, rollId))).not.toBe(seed);
          expect(hex(deriveRollSeed(chainSeed, otherNonce, rollId))).not.toBe(seed);
          expect(hex(deriveRollSeed(chainSeed, nonce, `${rollId}!`))).not.toBe(seed);
        },
      ),
    );
  });

  it('is not the plain SHA-256 of chainSeed ‖ nonce ‖ rollId (tag and lengths are in)', () => {
    const plain = sha256(Uint8Array.from([...COUNTING, ...NONCE, ...utf8ToBytes('intent-1')]));
    expect(deriveRollSeed(COUNTING, NONCE, 'intent-1')).not.toEqual(plain);
  });

  it('refuses a chain seed that is not 32 bytes', () => {
    expect(codeOf(() => deriveRollSeed(new Uint8Array(31), NONCE, 'r'))).toBe('ROLL_INVALID_SEED');
    expect(codeOf(() => deriveRollSeed(new Uint8Array(33), NONCE, 'r'))).toBe('ROLL_INVALID_SEED');
  });

  it.each([15, 65, 0])('refuses a %d-byte nonce', (length) => {
    expect(codeOf(() => deriveRollSeed(COUNTING, new Uint8Array(length), 'r'))).toBe(
      'ROLL_INVALID_REQUEST',
    );
  });

  it('accepts roll ids up to 256 UTF-8 bytes, counting bytes, not characters', () => {
    expect(deriveRollSeed(COUNTING, NONCE, 'é'.repeat(ROLL_ID_MAX_BYTES / 2))).toHaveLength(32);
    expect(codeOf(() => deriveRollSeed(COUNTING, NONCE, `${'é'.repeat(128)}a`))).toBe(
      'ROLL_INVALID_REQUEST',
    );
  });

  it.each(['', '\uD800', `a\uDC00`])('refuses the roll id %j', (rollId) => {
    expect(codeOf(() => deriveRollSeed(COUNTING, NONCE, rollId))).toBe('ROLL_INVALID_REQUEST');
  });
});
