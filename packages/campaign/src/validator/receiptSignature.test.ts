import type { Receipt } from '@meshtable/schema';
import { receiptSchema } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { createIdentity, encodePublicKey } from '../identity/identity';
import { signReceipt, verifyReceiptSignature } from './receiptSignature';

const gm = createIdentity('Gemma', '#aa3300');
const player = createIdentity('Pip', '#0066cc');
const GM_KEYS = { [gm.userId]: encodePublicKey(gm.publicKey) };
const ANSWERED = 'S'.repeat(86);

function signed(): Receipt {
  return signReceipt(
    {
      intentId: `${player.userId}.1`,
      sig: ANSWERED,
      n: 1,
      status: 'applied',
      by: gm.userId,
      at: 5,
      result: { total: 12, text: '1d20+2: [10] + 2 = 12' },
    },
    gm,
  );
}

describe('receipt signatures', () => {
  it('signs a receipt that the schema takes and the GM key verifies', () => {
    const receipt = signed();
    expect(receiptSchema.parse(receipt)).toEqual(receipt);
    expect(verifyReceiptSignature(receipt, GM_KEYS)).toBe(true);
  });

  it('refuses a receipt with any field changed after signing', () => {
    const receipt = signed() as Extract<Receipt, { status: 'applied' }>;
    const changed: Receipt[] = [
      { ...receipt, at: 6 },
      { ...receipt, n: 2 },
      { ...receipt, sig: 'T'.repeat(86) },
      { ...receipt, result: { total: 1 } },
      { ...receipt, status: 'rejected', reason: 'no' } as unknown as Receipt,
    ];
    for (const each of changed) expect(verifyReceiptSignature(each, GM_KEYS)).toBe(false);
  });

  it('refuses a receipt signed by someone who is not the GM it names, or by an unknown GM', () => {
    const { gmSig: _, ...unsigned } = signed();
    expect(verifyReceiptSignature(signReceipt(unsigned, player), GM_KEYS)).toBe(false);
    // The player names themself and signs: still not a GM's key.
    const selfNamed = signReceipt({ ...unsigned, by: player.userId }, player);
    expect(verifyReceiptSignature(selfNamed, GM_KEYS)).toBe(false);
    // A key list that lacks the GM, or holds another key under the GM's id.
    expect(verifyReceiptSignature(signed(), {})).toBe(false);
    expect(
      verifyReceiptSignature(signed(), { [gm.userId]: encodePublicKey(player.publicKey) }),
    ).toBe(false);
  });

  it('refuses a signature that is not 64 bytes of base64url', () => {
    expect(verifyReceiptSignature({ ...signed(), gmSig: 'not a signature' }, GM_KEYS)).toBe(false);
  });
});
