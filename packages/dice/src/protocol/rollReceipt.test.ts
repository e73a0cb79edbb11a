import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiceNotationError } from '../notation/errors';
import { createSeededDice } from '../random/chachaDice';
import { roll } from '../roll';
import { errorCodeOf } from '../testing/errorCode';
import { plainDie } from '../testing/plainDie';
import type { DieRoll, RollResult } from '../types';
import { DICE_ENGINE_VERSION } from './engine';
import {
  type ResolvedRoll,
  type RollFunction,
  type RollReceipt,
  type RollReceiptFailure,
  resolveRoll,
  verifyRollReceipt,
} from './rollReceipt';
import { makeRollRequest, type RollRequest } from './rollRequest';
import { deriveRollSeed } from './rollSeed';
import {
  chainCommitment,
  createSeedChain,
  nextSeedChain,
  revealNext,
  type SeedChain,
  seedChainFromJSON,
  seedChainToJSON,
} from './seedChain';

/**
 * A stand-in for the notation evaluator: rolls `NdS` (nothing else) from the seed's dice
 * stream and returns a RollResult-shaped object. The real evaluator is tested end to end with
 * the protocol elsewhere; here only the protocol is under test.
 */
const standInRoll: RollFunction = (notation, seed) => {
  const match = /^(\d+)d(\d+)$/.exec(notation);
  if (match === null) throw new Error(`the stand-in only rolls NdS, not ${notation}`);
  const [count, sides] = [Number(match[1]), Number(match[2])];
  const stream = createSeededDice(seed);
  const dice: DieRoll[] = Array.from({ length: count }, () =>
    plainDie(sides, stream.nextInt(sides)),
  );
  const total = dice.reduce((sum, die) => sum + die.value, 0);
  return {
    notation,
    total,
    rolls: [{ kind: 'dice', notation, label: null, dice, successPool: false, value: total }],
    text: `${notation}: [${dice.map((d) => d.value).join(', ')}] = ${total}`,
  };
};

const ROOT = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);

const codeOf = errorCodeOf;

/** Plays `count` rolls on a fresh chain and returns what peers see. */
function playRolls(count: number, length = 8) {
  let chain = createSeedChain(length, ROOT);
  const commitment = chainCommitment(chain);
  const rolls: { request: RollRequest; receipt: RollReceipt; result: RollResult | null }[] = [];
  for (let i = 0; i < count; i++) {
    const request = makeRollRequest('3d6', `intent-${i}`, commitment.head);
    const resolved = resolveRoll(chain, request, standInRoll);
    chain = resolved.chain;
    rolls.push({ request, receipt: resolved.receipt, result: resolved.result });
  }
  return { chain, commitment, rolls };
}

describe('resolveRoll', () => {
  it('reveals the next seed and rolls with SHA-256(tag, chain seed, nonce, roll id)', () => {
    const chain = createSeedChain(4, ROOT);
    const nonce = new Uint8Array(32).fill(9);
    const request = makeRollRequest('3d6', 'intent-1', chainCommitment(chain).head, nonce);
    const { receipt, result, chain: after } = resolveRoll(chain, request, standInRoll);
    const { seed } = revealNext(chain);
    const expected = standInRoll('3d6', deriveRollSeed(seed, nonce, 'intent-1'));
    expect(result).toEqual(expected);
    expect(receipt).toEqual({
      version: 1,
      engine: DICE_ENGINE_VERSION,
      rollId: 'intent-1',
      notation: '3d6',
      playerNonce: bytesToHex(nonce),
      chainHead: chainCommitment(chain).head,
      chainIndex: 1,
      chainSeed: bytesToHex(seed),
      total: expected.total,
      dice: expected.rolls
        .flatMap((term) => (term.kind === 'dice' ? term.dice : []))
        .map((die) => die.value),
      error: null,
    });
    expect(after.revealed).toBe(1);
    expect(chain.revealed).toBe(0);
  });

  it('uses consecutive indexes, also across a store and load of the chain', () => {
    let chain = createSeedChain(5, ROOT);
    const head = chainCommitment(chain).head;
    const indexes = [];
    for (let i = 0; i < 5; i++) {
      const request = makeRollRequest('2d20', `r${i}`, head);
      const resolved = resolveRoll(chain, request, standInRoll);
      indexes.push(resolved.receipt.chainIndex);
      chain = seedChainFromJSON(JSON.parse(JSON.stringify(seedChainToJSON(resolved.chain))));
    }
    expect(indexes).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses a request made against another chain head', () => {
    const chain = createSeedChain(4, ROOT);
    const other = chainCommitment(createSeedChain(4, new Uint8Array(32))).head;
    const request = makeRollRequest('3d6', 'r', other);
    expect(codeOf(() => resolveRoll(chain, request, standInRoll))).toBe('ROLL_CHAIN_MISMATCH');
  });

  it('refuses to roll on a spent chain; the successor takes new requests', () => {
    const { chain } = playRolls(2, 2);
    const stale = makeRollRequest('3d6', 'late', chainCommitment(chain).head);
    expect(codeOf(() => resolveRoll(chain, stale, standInRoll))).toBe('ROLL_CHAIN_EXHAUSTED');
    const successor = nextSeedChain(chain);
    expect(codeOf(() => resolveRoll(successor, stale, standInRoll))).toBe('ROLL_CHAIN_MISMATCH');
    const fresh = makeRollRequest('3d6', 'late-2', chainCommitment(successor).head);
    const { receipt } = resolveRoll(successor, fresh, standInRoll);
    expect(receipt.chainIndex).toBe(1);
    expect(
      verifyRollReceipt(receipt, {
        request: fresh,
        commitment: chainCommitment(successor),
        roll: standInRoll,
      }).ok,
    ).toBe(true);
  });

  it('refuses a malformed request', () => {
    const chain = createSeedChain(2, ROOT);
    const request = { ...makeRollRequest('3d6', 'r', chainCommitment(chain).head), rollId: '' };
    expect(codeOf(() => resolveRoll(chain, request, standInRoll))).toBe('ROLL_INVALID_REQUEST');
  });

  it('throws a notation that does not parse before revealing anything', () => {
    const chain = createSeedChain(2, ROOT);
    const request = makeRollRequest('2d6+', 'r', chainCommitment(chain).head);
    let thrown: unknown;
    // A roll function that would reveal a use of the seed: it must never be called.
    const spy: RollFunction = () => {
      throw new Error('rolled');
    };
    try {
      resolveRoll(chain, request, spy);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DiceNotationError);
    expect((thrown as DiceNotationError).code).toBe('DICE_SYNTAX');
    expect(chain.revealed).toBe(0);
    // The same chain still answers the next request with s_1.
    const next = makeRollRequest('3d6', 'r2', chainCommitment(chain).head);
    expect(resolveRoll(chain, next, standInRoll).receipt.chainIndex).toBe(1);
  });

  it('throws what the roll function throws that is not a notation error (a bug)', () => {
    const chain = createSeedChain(2, ROOT);
    const request = makeRollRequest('2d6+1', 'r', chainCommitment(chain).head);
    expect(() => resolveRoll(chain, request, standInRoll)).toThrow(/only rolls NdS/);
  });

  it('refuses a request for another engine before revealing anything', () => {
    const chain = createSeedChain(2, ROOT);
    const request = { ...makeRollRequest('3d6', 'r', chainCommitment(chain).head), engine: 2 };
    expect(codeOf(() => resolveRoll(chain, request, standInRoll))).toBe('ROLL_ENGINE_UNSUPPORTED');
  });

  it('rolls with the real evaluator when no roll function is given', () => {
    const chain = createSeedChain(2, ROOT);
    const request = makeRollRequest('4d6kh3+2', 'r', chainCommitment(chain).head);
    const resolved = resolveRoll(chain, request);
    const { seed } = revealNext(chain);
    const nonce = hexToBytes(request.playerNonce);
    expect(resolved.result).toEqual(roll('4d6kh3+2', deriveRollSeed(seed, nonce, 'r')));
  });

  it('refuses a result a receipt cannot carry', () => {
    const chain = createSeedChain(2, ROOT);
    const request = makeRollRequest('3d6', 'r', chainCommitment(chain).head);
    const infinite: RollFunction = (n, s) => ({ ...standInRoll(n, s), total: Infinity });
    expect(codeOf(() => resolveRoll(chain, request, infinite))).toBe('ROLL_INVALID_RESULT');
  });
});

describe('verifyRollReceipt', () => {
  it('accepts honest receipts, from the head or from the previous receipt, after JSON', () => {
    const { commitment, rolls } = playRolls(6);
    let previous: { index: number; seed: string } | undefined;
    for (const { request, receipt, result } of rolls) {
      const stored = JSON.parse(JSON.stringify(receipt)) as RollReceipt;
      const fromHead = verifyRollReceipt(stored, { request, commitment, roll: standInRoll });
      expect(fromHead).toEqual({ ok: true, result, error: null });
      const fromPrevious = verifyRollReceipt(stored, {
        request,
        commitment,
        roll: standInRoll,
        previous,
      });
      expect(fromPrevious.ok).toBe(true);
      previous = { index: receipt.chainIndex, seed: receipt.chainSeed };
    }
  });

  it('refuses a receipt that answers another request (a replayed or swapped receipt)', () => {
    const { commitment, rolls } = playRolls(2);
    const [first, second] = rolls as [(typeof rolls)[0], (typeof rolls)[0]];
    const check = verifyRollReceipt(first.receipt, {
      request: second.request,
      commitment,
      roll: standInRoll,
    });
    expect(check.ok || check.reason).toBe('RECEIPT_REQUEST_MISMATCH');
  });

  it('refuses a receipt from a chain other than the committed one', () => {
    const { rolls } = playRolls(1);
    const { request, receipt } = rolls[0] as (typeof rolls)[0];
    const other = chainCommitment(createSeedChain(8, new Uint8Array(32)));
    const check = verifyRollReceipt(receipt, { request, commitment: other, roll: standInRoll });
    expect(check.ok || check.reason).toBe('RECEIPT_WRONG_CHAIN');
  });

  it('refuses an index beyond the committed length', () => {
    const { commitment, rolls } = playRolls(3);
    const { request, receipt } = rolls[2] as (typeof rolls)[0];
    const shorter = { ...commitment, length: 2 };
    const check = verifyRollReceipt(receipt, { request, commitment: shorter, roll: standInRoll });
    expect(check.ok || check.reason).toBe('RECEIPT_INDEX_OUT_OF_RANGE');
  });

  it('refuses a receipt that does not come after the previous one', () => {
    const { commitment, rolls } = playRolls(3);
    const { request, receipt } = rolls[1] as (typeof rolls)[0];
    const later = rolls[2] as (typeof rolls)[0];
    const check = verifyRollReceipt(receipt, {
      request,
      commitment,
      roll: standInRoll,
      previous: { index: later.receipt.chainIndex, seed: later.receipt.chainSeed },
    });
    expect(check.ok || check.reason).toBe('RECEIPT_INDEX_OUT_OF_RANGE');
  });

  it('refuses a self-consistent receipt whose seed is off the chain (a GM-chosen seed)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (forgedSeed) => {
        const { commitment, rolls } = playRolls(1);
        const { request, receipt } = rolls[0] as (typeof rolls)[0];
        const nonce = Uint8Array.from(
          (request.playerNonce.match(/../g) ?? []).map((b) => Number.parseInt(b, 16)),
        );
        const forged = standInRoll('3d6', deriveRollSeed(forgedSeed, nonce, request.rollId));
        const check = verifyRollReceipt(
          {
            ...receipt,
            chainSeed: bytesToHex(forgedSeed),
            total: forged.total,
            dice: forged.rolls
              .flatMap((t) => (t.kind === 'dice' ? t.dice : []))
              .map((d) => d.value),
          },
          { request, commitment, roll: standInRoll },
        );
        expect(check.ok || check.reason).toBe('RECEIPT_CHAIN_LINK_INVALID');
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a receipt that reuses a seed at another index (a reordered answer)', () => {
    const { commitment, rolls } = playRolls(3);
    const { request, receipt } = rolls[1] as (typeof rolls)[0];
    for (const chainIndex of [1, 3]) {
      const check = verifyRollReceipt(
        { ...receipt, chainIndex },
        { request, commitment, roll: standInRoll },
      );
      expect(check.ok || check.reason).toBe('RECEIPT_CHAIN_LINK_INVALID');
    }
  });

  it('reports a roll function that throws as RECEIPT_ROLL_FAILED', () => {
    const { commitment, rolls } = playRolls(1);
    const { request, receipt } = rolls[0] as (typeof rolls)[0];
    const broken: RollFunction = () => {
      throw new Error('boom');
    };
    const check = verifyRollReceipt(receipt, { request, commitment, roll: broken });
    expect(check.ok || check.reason).toBe('RECEIPT_ROLL_FAILED');
  });

  it('refuses a malformed request or receipt, and throws on a malformed commitment', () => {
    const { commitment, rolls } = playRolls(1);
    const { request, receipt } = rolls[0] as (typeof rolls)[0];
    const options = { request, commitment, roll: standInRoll };
    const badRequest = verifyRollReceipt(receipt, {
      ...options,
      request: { ...request, rollId: '' },
    });
    expect(badRequest.ok || badRequest.reason).toBe('REQUEST_MALFORMED');
    for (const bad of [null, {}, { ...receipt, dice: 'x' }, { ...receipt, total: null }]) {
      const check = verifyRollReceipt(bad as unknown as RollReceipt, options);
      expect(check.ok || check.reason).toBe('RECEIPT_MALFORMED');
    }
    expect(
      codeOf(() =>
        verifyRollReceipt(receipt, { ...options, commitment: { ...commitment, head: 'xyz' } }),
      ),
    ).toBe('ROLL_INVALID_SEED');
    expect(
      codeOf(() => verifyRollReceipt(receipt, { ...options, previous: { index: 0, seed: '' } })),
    ).toBe('ROLL_INVALID_SEED');
  });
});

/** One way of tampering with a receipt, and the reasons it may be refused for. */
interface Tamper {
  readonly name: string;
  readonly apply: (receipt: RollReceipt) => RollReceipt;
  readonly reasons: readonly RollReceiptFailure[];
}

function flipHexByte(hex: string, at: number, flip: number): string {
  const i = (at % (hex.length / 2)) * 2;
  const byte = Number.parseInt(hex.slice(i, i + 2), 16) ^ flip;
  return `${hex.slice(0, i)}${byte.toString(16).padStart(2, '0')}${hex.slice(i + 2)}`;
}

const tamperArbitrary: fc.Arbitrary<Tamper> = fc.oneof(
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([at, flip]) => ({
    name: `chainSeed byte ${at} ^ ${flip}`,
    apply: (r: RollReceipt) => ({ ...r, chainSeed: flipHexByte(r.chainSeed, at, flip) }),
    reasons: ['RECEIPT_CHAIN_LINK_INVALID'] as const,
  })),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([at, flip]) => ({
    name: `playerNonce byte ${at} ^ ${flip}`,
    apply: (r: RollReceipt) => ({ ...r, playerNonce: flipHexByte(r.playerNonce, at, flip) }),
    reasons: ['RECEIPT_REQUEST_MISMATCH'] as const,
  })),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([at, flip]) => ({
    name: `chainHead byte ${at} ^ ${flip}`,
    apply: (r: RollReceipt) => ({ ...r, chainHead: flipHexByte(r.chainHead, at, flip) }),
    reasons: ['RECEIPT_REQUEST_MISMATCH'] as const,
  })),
  fc
    .oneof(fc.integer({ min: -10, max: 10 }), fc.integer(), fc.constantFrom(0.5, -0.5))
    .filter((delta) => delta !== 0)
    .map((delta) => ({
      name: `chainIndex + ${delta}`,
      apply: (r: RollReceipt) => ({ ...r, chainIndex: r.chainIndex + delta }),
      reasons: [
        'RECEIPT_CHAIN_LINK_INVALID',
        'RECEIPT_INDEX_OUT_OF_RANGE',
        'RECEIPT_MALFORMED',
      ] as const,
    })),
  fc.string({ minLength: 1, maxLength: 3 }).map((extra) => ({
    name: `rollId + ${JSON.stringify(extra)}`,
    apply: (r: RollReceipt) => ({ ...r, rollId: r.rollId + extra }),
    reasons: ['RECEIPT_REQUEST_MISMATCH'] as const,
  })),
  fc.constantFrom('4d6', '3d8', '2d6', '3d6 ', '1d20').map((notation) => ({
    name: `notation ${notation}`,
    apply: (r: RollReceipt) => ({ ...r, notation: r.notation === notation ? '9d9' : notation }),
    reasons: ['RECEIPT_REQUEST_MISMATCH'] as const,
  })),
  fc
    .oneof(fc.integer({ min: -20, max: 20 }), fc.constantFrom(0.5, 1e-9))
    .filter((delta) => delta !== 0)
    .map((delta) => ({
      name: `total + ${delta}`,
      apply: (r: RollReceipt) => ({ ...r, total: (r.total ?? 0) + delta }),
      reasons: ['RECEIPT_TOTAL_MISMATCH'] as const,
    })),
  fc
    .tuple(
      fc.nat(),
      fc.integer({ min: -6, max: 6 }).filter((d) => d !== 0),
    )
    .map(([at, delta]) => ({
      name: `die ${at} + ${delta}`,
      apply: (r: RollReceipt) => ({
        ...r,
        dice: r.dice.map((face, i) => (i === at % r.dice.length ? face + delta : face)),
      }),
      reasons: ['RECEIPT_DICE_MISMATCH'] as const,
    })),
  fc.constantFrom('drop first', 'drop last', 'append', 'swap').map((how) => ({
    name: `dice ${how}`,
    apply: (r: RollReceipt) => {
      const dice = [...r.dice];
      if (how === 'drop first') dice.shift();
      if (how === 'drop last') dice.pop();
      if (how === 'append') dice.push(1);
      // A swap keeps the total; it must still fail unless the two dice are equal.
      if (how === 'swap') dice.reverse();
      return { ...r, dice };
    },
    reasons: ['RECEIPT_DICE_MISMATCH'] as const,
  })),
  fc.constantFrom(0, 2, '1').map((version) => ({
    name: `version ${String(version)}`,
    apply: (r: RollReceipt) => ({ ...r, version: version as 1 }),
    reasons: ['RECEIPT_MALFORMED'] as const,
  })),
  fc.constantFrom(0, 2, 1.5, '1', null).map((engine) => ({
    name: `engine ${String(engine)}`,
    apply: (r: RollReceipt) => ({ ...r, engine: engine as number }),
    reasons: ['RECEIPT_MALFORMED', 'RECEIPT_REQUEST_MISMATCH'] as const,
  })),
  fc.constantFrom('DICE_MATH', 'DICE_LIMIT', 'DICE_SYNTAX').map((error) => ({
    name: `error ${error} claimed (no total, no dice)`,
    apply: (r: RollReceipt) => ({ ...r, total: null, dice: [], error }),
    reasons: ['RECEIPT_OUTCOME_MISMATCH'] as const,
  })),
  fc.constantFrom('DICE_MATH', '', 7).map((error) => ({
    name: `error ${String(error)} beside the total`,
    apply: (r: RollReceipt) => ({ ...r, error: error as string }),
    reasons: ['RECEIPT_MALFORMED'] as const,
  })),
  fc.constant({
    name: 'chainSeed in uppercase',
    apply: (r: RollReceipt) => ({ ...r, chainSeed: r.chainSeed.toUpperCase() }),
    reasons: ['RECEIPT_MALFORMED', 'RECEIPT_CHAIN_LINK_INVALID'] as const,
  }),
);

describe.each([
  ['a stand-in evaluator', standInRoll],
  ['the real evaluator', roll],
])('verifyRollReceipt: tampering (property), with %s', (_, rollFunction) => {
  it('refuses a receipt with any one field changed, for the reason that field implies', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.uint8Array({ minLength: 16, maxLength: 64 }),
        fc.string({ minLength: 1, maxLength: 24, unit: 'grapheme' }),
        fc.constantFrom('3d6', '4d6', '2d20', '1d100', '6d10'),
        tamperArbitrary,
        (index, nonce, rollId, notation, tamper) => {
          let chain: SeedChain = createSeedChain(6, ROOT);
          const commitment = chainCommitment(chain);
          // Earlier rolls move the chain, so the tampered receipt sits at index `index`.
          for (let i = 1; i < index; i++) chain = revealNext(chain).chain;
          const request = makeRollRequest(notation, rollId, commitment.head, nonce);
          const { receipt } = resolveRoll(chain, request, rollFunction);
          const options = { request, commitment, roll: rollFunction };
          expect(verifyRollReceipt(receipt, options).ok).toBe(true);

          const tampered = tamper.apply(receipt);
          const unchanged = JSON.stringify(tampered) === JSON.stringify(receipt);
          // Reversing equal dice, or uppercasing a seed without letters, changes nothing.
          fc.pre(!unchanged);
          const check = verifyRollReceipt(tampered, options);
          expect(check.ok, tamper.name).toBe(false);
          if (!check.ok) expect(tamper.reasons, tamper.name).toContain(check.reason);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('rolls that fail depending on the dice', () => {
  // Divides by zero when the d2 shows 1: whether it fails depends on the seed, not the notation.
  const NOTATION = '1d6+1/(1d2-1)';

  /** Resolves NOTATION for roll ids r0, r1, … on fresh chains until one fails and one rolls. */
  function findBothOutcomes() {
    const chain = createSeedChain(4, ROOT);
    const commitment = chainCommitment(chain);
    const nonce = new Uint8Array(32).fill(7);
    const found: { failed?: [RollRequest, ResolvedRoll]; rolled?: [RollRequest, ResolvedRoll] } =
      {};
    for (let i = 0; i < 64 && (found.failed === undefined || found.rolled === undefined); i++) {
      const request = makeRollRequest(NOTATION, `r${i}`, commitment.head, nonce);
      const resolved = resolveRoll(chain, request, roll);
      found[resolved.error === null ? 'rolled' : 'failed'] = [request, resolved];
    }
    if (found.failed === undefined || found.rolled === undefined) throw new Error('not found');
    return { chain, commitment, failed: found.failed, rolled: found.rolled };
  }

  it('records the error in the receipt and uses the index, and the receipt verifies', () => {
    const { chain, commitment, failed, rolled } = findBothOutcomes();
    const [request, resolved] = failed;
    expect(resolved.result).toBeNull();
    expect(resolved.error).toBeInstanceOf(DiceNotationError);
    expect(resolved.error?.code).toBe('DICE_MATH');
    expect(resolved.receipt).toMatchObject({
      engine: DICE_ENGINE_VERSION,
      chainIndex: 1,
      chainSeed: bytesToHex(revealNext(chain).seed),
      total: null,
      dice: [],
      error: 'DICE_MATH',
    });
    expect(resolved.chain.revealed).toBe(1);

    const stored = JSON.parse(JSON.stringify(resolved.receipt)) as RollReceipt;
    const check = verifyRollReceipt(stored, { request, commitment });
    expect(check.ok).toBe(true);
    expect(check.ok && check.result).toBeNull();
    expect(check.ok && check.error?.code).toBe('DICE_MATH');

    // The next request gets the next index, whatever the previous roll gave.
    const next = makeRollRequest(NOTATION, 'after', commitment.head);
    const after = resolveRoll(resolved.chain, next, roll);
    expect(after.receipt.chainIndex).toBe(2);
    expect(
      verifyRollReceipt(after.receipt, {
        request: next,
        commitment,
        previous: { index: 1, seed: resolved.receipt.chainSeed },
      }).ok,
    ).toBe(true);

    // The same notation with the other roll id rolls, and verifies as a total.
    const [rolledRequest, rolledResolved] = rolled;
    expect(rolledResolved.receipt.error).toBeNull();
    expect(typeof rolledResolved.receipt.total).toBe('number');
    expect(rolledResolved.receipt.dice).toHaveLength(2);
    const rolledCheck = verifyRollReceipt(rolledResolved.receipt, {
      request: rolledRequest,
      commitment,
    });
    expect(rolledCheck.ok && rolledCheck.result?.total).toBe(rolledResolved.receipt.total);
  });

  it('refuses a receipt whose outcome is changed either way', () => {
    const { commitment, failed, rolled } = findBothOutcomes();
    const reasonOf = ([request]: [RollRequest, ResolvedRoll], receipt: RollReceipt) => {
      const check = verifyRollReceipt(receipt, { request, commitment });
      return check.ok || check.reason;
    };
    const failedReceipt = failed[1].receipt;
    const rolledReceipt = rolled[1].receipt;
    const cases: [[RollRequest, ResolvedRoll], RollReceipt, RollReceiptFailure][] = [
      // A failure turned into a total, or its code changed.
      [
        failed,
        { ...failedReceipt, error: null, total: 4, dice: [3, 1] },
        'RECEIPT_OUTCOME_MISMATCH',
      ],
      [failed, { ...failedReceipt, error: 'DICE_LIMIT' }, 'RECEIPT_OUTCOME_MISMATCH'],
      [failed, { ...failedReceipt, error: 'SOMETHING' }, 'RECEIPT_OUTCOME_MISMATCH'],
      // A total hidden behind a claimed failure (the abort the receipt now makes impossible).
      [
        rolled,
        { ...rolledReceipt, error: 'DICE_MATH', total: null, dice: [] },
        'RECEIPT_OUTCOME_MISMATCH',
      ],
      // Half-changed outcomes are not receipts at all.
      [failed, { ...failedReceipt, total: 3 }, 'RECEIPT_MALFORMED'],
      [failed, { ...failedReceipt, dice: [1] }, 'RECEIPT_MALFORMED'],
      [failed, { ...failedReceipt, error: '' }, 'RECEIPT_MALFORMED'],
      [failed, { ...failedReceipt, error: null }, 'RECEIPT_MALFORMED'],
      [rolled, { ...rolledReceipt, error: 'DICE_MATH' }, 'RECEIPT_MALFORMED'],
      [rolled, { ...rolledReceipt, total: null }, 'RECEIPT_MALFORMED'],
    ];
    for (const [played, receipt, reason] of cases) {
      expect(reasonOf(played, receipt), JSON.stringify(receipt)).toBe(reason);
    }
    expect(reasonOf(failed, failedReceipt)).toBe(true);
    expect(reasonOf(rolled, rolledReceipt)).toBe(true);
  });
});

describe('engines', () => {
  it('says a receipt of an unknown engine cannot be checked here, once the rest checks out', () => {
    const { commitment, rolls } = playRolls(1);
    const { request, receipt } = rolls[0] as (typeof rolls)[0];
    const newer = { ...request, engine: DICE_ENGINE_VERSION + 1 };
    const check = verifyRollReceipt(
      { ...receipt, engine: DICE_ENGINE_VERSION + 1 },
      { request: newer, commitment, roll: standInRoll },
    );
    expect(check.ok || check.reason).toBe('RECEIPT_ENGINE_UNSUPPORTED');
    // Forged in any engine-independent way, it is refused for that, not as unsupported.
    const forged = verifyRollReceipt(
      { ...receipt, engine: DICE_ENGINE_VERSION + 1, chainIndex: 2 },
      { request: newer, commitment, roll: standInRoll },
    );
    expect(forged.ok || forged.reason).toBe('RECEIPT_CHAIN_LINK_INVALID');
  });

  it('refuses a receipt whose engine is not the one the request asked for', () => {
    const { commitment, rolls } = playRolls(1);
    const { request, receipt } = rolls[0] as (typeof rolls)[0];
    const check = verifyRollReceipt(
      { ...receipt, engine: DICE_ENGINE_VERSION + 1 },
      { request, commitment, roll: standInRoll },
    );
    expect(check.ok || check.reason).toBe('RECEIPT_REQUEST_MISMATCH');
  });
});
