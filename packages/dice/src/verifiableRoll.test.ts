/**
 * The verifiable-roll protocol end to end with the real evaluator: the GM commits a chain, a
 * player asks for a roll with a nonce, the GM resolves it, and any peer re-rolls and checks it.
 */
import { describe, expect, it } from 'vitest';
import { resolveRoll, verifyRollReceipt } from './protocol/rollReceipt';
import { makeRollRequest } from './protocol/rollRequest';
import { chainCommitment, createSeedChain } from './protocol/seedChain';
import { roll } from './roll';

describe('verifiable rolls with the real evaluator', () => {
  it('resolves and verifies rolls of every kind, and catches a changed die', () => {
    let chain = createSeedChain(16);
    const commitment = chainCommitment(chain);
    const notations = ['1d20+5', '4d6kh3', '8d6>=5', '3d6!', '{4d6+2d8, 3d20}k1', '4dF', '2d6r<2'];
    let previous: { index: number; seed: string } | undefined;
    for (const [i, notation] of notations.entries()) {
      const request = makeRollRequest(notation, `roll-${i}`, commitment.head);
      const resolved = resolveRoll(chain, request, roll);
      chain = resolved.chain;
      const check = verifyRollReceipt(resolved.receipt, { request, commitment, roll, previous });
      expect(check.ok, notation).toBe(true);
      expect(resolved.error, notation).toBeNull();
      if (check.ok) expect(check.result?.text).toBe(resolved.result?.text);
      previous = { index: resolved.receipt.chainIndex, seed: resolved.receipt.chainSeed };

      const dice = [...resolved.receipt.dice];
      dice[0] = (dice[0] ?? 0) + 1;
      const forged = verifyRollReceipt(
        { ...resolved.receipt, dice },
        { request, commitment, roll },
      );
      expect(forged.ok, `${notation} with a changed die`).toBe(false);
    }
  });
});
