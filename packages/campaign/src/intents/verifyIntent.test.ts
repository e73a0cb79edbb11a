import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import { encodePublicKey, userIdOf } from '../identity/identity';
import { ARIA, BRAM, CAMPAIGN, KNOWN_INTENT } from '../testing/intents';
import { type Intent, intentSigningBytes } from './intent';
import { signIntent } from './signIntent';
import { type IntentRejection, verifyIntent } from './verifyIntent';

/** The group order of Ed25519 (RFC 8032 §5.1: L). */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

function reasonOf(intent: unknown, publicKey: Uint8Array | string): IntentRejection | 'ok' {
  const verdict = verifyIntent(intent, publicKey);
  return verdict.ok ? 'ok' : verdict.reason;
}

/** An intent signed by ARIA with `changes` to the request. */
function ariaIntent(changes: Partial<Parameters<typeof signIntent>[1]> = {}): Intent {
  return signIntent(ARIA, {
    campaign: CAMPAIGN,
    kind: 'token.move',
    payload: { tokenId: 't1', x: 140, y: 70 },
    seq: 1,
    at: 1000,
    ...changes,
  });
}

describe('verifyIntent accepts', () => {
  it('the independently signed known intent, with the key as bytes or as its record form', () => {
    expect(verifyIntent(KNOWN_INTENT, ARIA.publicKey)).toEqual({ ok: true, intent: KNOWN_INTENT });
    expect(reasonOf(KNOWN_INTENT, encodePublicKey(ARIA.publicKey))).toBe('ok');
  });

  it('an intent that went through JSON (a log entry read back) with its keys in another order', () => {
    const intent = ariaIntent({ payload: { z: 1, a: [{ y: 2, b: 3 }] } });
    const reordered = JSON.parse(
      JSON.stringify(Object.fromEntries(Object.entries(intent).reverse())),
    );
    reordered.payload = { a: [{ b: 3, y: 2 }], z: 1 };
    expect(reasonOf(reordered, ARIA.publicKey)).toBe('ok');
  });
});

describe('verifyIntent refuses a forged intent', () => {
  const intent = ariaIntent();

  it('with a changed payload', () => {
    const forged = { ...intent, payload: { tokenId: 't1', x: 141, y: 70 } };
    expect(reasonOf(forged, ARIA.publicKey)).toBe('bad-signature');
  });

  it('with a changed seq (and the id that goes with it)', () => {
    const forged = { ...intent, seq: 2, id: `${ARIA.userId}.2` };
    expect(reasonOf(forged, ARIA.publicKey)).toBe('bad-signature');
  });

  it('replayed into another campaign', () => {
    expect(reasonOf({ ...intent, campaign: 'camp-2' }, ARIA.publicKey)).toBe('bad-signature');
  });

  it('with a changed kind or clock', () => {
    expect(reasonOf({ ...intent, kind: 'token.delete' }, ARIA.publicKey)).toBe('bad-signature');
    expect(reasonOf({ ...intent, at: 1001 }, ARIA.publicKey)).toBe('bad-signature');
  });

  it('in Aria’s name but signed with Bram’s key', () => {
    const forged = signIntent(
      { userId: ARIA.userId, secretKey: BRAM.secretKey },
      {
        campaign: CAMPAIGN,
        kind: 'token.move',
        payload: null,
        seq: 1,
        at: 1000,
      },
    );
    expect(forged.author).toBe(ARIA.userId);
    expect(reasonOf(forged, ARIA.publicKey)).toBe('bad-signature');
  });

  it('by Bram, checked against Aria’s key: the author is not the key’s holder', () => {
    const bramsOwn = signIntent(BRAM, {
      campaign: CAMPAIGN,
      kind: 'roll',
      payload: 1,
      seq: 1,
      at: 0,
    });
    const verdict = verifyIntent(bramsOwn, ARIA.publicKey);
    expect(verdict).toMatchObject({ ok: false, reason: 'wrong-author' });
    expect(verdict.ok || verdict.message).toContain(BRAM.userId);
  });

  it('in Aria’s name, checked against Bram’s key (the forger’s own)', () => {
    const forged = signIntent(
      { userId: ARIA.userId, secretKey: BRAM.secretKey },
      {
        campaign: CAMPAIGN,
        kind: 'roll',
        payload: null,
        seq: 1,
        at: 0,
      },
    );
    expect(reasonOf(forged, BRAM.publicKey)).toBe('wrong-author');
  });

  it('carrying the signature of another intent', () => {
    const other = ariaIntent({ seq: 2 });
    expect(reasonOf({ ...intent, sig: other.sig }, ARIA.publicKey)).toBe('bad-signature');
  });

  it('with any single bit of the signature flipped', () => {
    const signature = decodeBase64Url(intent.sig, 64) as Uint8Array;
    for (let bit = 0; bit < 512; bit += 7) {
      const flipped = Uint8Array.from(signature);
      flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7));
      const forged = { ...intent, sig: encodeBase64Url(flipped) };
      expect(reasonOf(forged, ARIA.publicKey), `bit ${bit}`).toBe('bad-signature');
    }
  });

  it('whose signature was malleated to S + L (valid under lax verifiers)', () => {
    const signature = decodeBase64Url(intent.sig, 64) as Uint8Array;
    let s = 0n;
    for (let index = 63; index >= 32; index--) s = (s << 8n) | BigInt(signature[index] as number);
    const malleated = Uint8Array.from(signature);
    let sPlusL = s + L;
    for (let index = 32; index < 64; index++) {
      malleated[index] = Number(sPlusL & 0xffn);
      sPlusL >>= 8n;
    }
    expect(reasonOf({ ...intent, sig: encodeBase64Url(malleated) }, ARIA.publicKey)).toBe(
      'bad-signature',
    );
  });

  it('under a small-order key whose trivial signature fits every message (valid under ZIP 215)', () => {
    // The neutral point (y = 1) as the key, R = the neutral point, S = 0: [S]B = R + [k]A holds
    // for every message, so only the strict refusal of small-order keys stops it.
    const neutral = new Uint8Array(32);
    neutral[0] = 1;
    const author = userIdOf(neutral);
    const unsigned = { ...intent, author, id: `${author}.1` };
    const signature = new Uint8Array(64);
    signature.set(neutral, 0);
    const forged = { ...unsigned, sig: encodeBase64Url(signature) };
    expect(ed25519.verify(signature, intentSigningBytes(unsigned), neutral, { zip215: true })).toBe(
      true,
    );
    expect(reasonOf(forged, neutral)).toBe('bad-signature');
  });
});

describe('verifyIntent refuses malformed input', () => {
  const intent = ariaIntent();

  it('reporting the field', () => {
    const verdict = verifyIntent({ ...intent, seq: 2 }, ARIA.publicKey);
    expect(verdict).toEqual({
      ok: false,
      reason: 'malformed',
      message: 'The intent is malformed: id: must be author + "." + seq.',
    });
    expect(reasonOf({ ...intent, payload: { x: -0 } }, ARIA.publicKey)).toBe('malformed');
    expect(reasonOf({ ...intent, extra: true }, ARIA.publicKey)).toBe('malformed');
    expect(reasonOf({ ...intent, sig: `${intent.sig.slice(0, -1)}x` }, ARIA.publicKey)).toBe(
      'malformed',
    );
  });

  it('and never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBigInt: true }), (value) => {
        expect(reasonOf(value, ARIA.publicKey)).toBe('malformed');
      }),
    );
  });

  it('and a public key that is not one, before anything else about the key', () => {
    const notAPoint = new Uint8Array(32).fill(0xff).fill(0x7f, 31);
    for (const key of [new Uint8Array(31), 'not-a-key', notAPoint, encodeBase64Url(notAPoint)]) {
      expect(reasonOf(intent, key)).toBe('bad-public-key');
    }
    expect(reasonOf(intent, 42 as unknown as string)).toBe('bad-public-key');
  });
});
