import { MAX_SEALED_TEXT_BYTES, type SealedText, sealedTextSchema } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import { createIdentity, encodePublicKey } from '../identity/identity';
import { thrown } from '../testing/thrown';
import { SealedTextError } from './SealedTextError';
import { openSealedText, type SealedTextReader, sealText } from './sealText';

const ann = createIdentity('Ann', '#0066cc');
const bob = createIdentity('Bob', '#00aa44');
const gm = createIdentity('Gwen', '#aa0044');
const CONTEXT = 'camp-1/post/p-1';

function reader(identity: typeof ann): SealedTextReader {
  return { userId: identity.userId, publicKey: encodePublicKey(identity.publicKey) };
}

function sealForAnnAndGm(text = 'Meet me *behind* the inn — 🗝️'): SealedText {
  return sealText(text, [reader(ann), reader(gm)], CONTEXT);
}

/** `text` (base64url of `bytes` bytes) with one bit of its first byte flipped. */
function flipped(text: string, bytes: number): string {
  const decoded = decodeBase64Url(text, bytes) as Uint8Array;
  decoded[0] = (decoded[0] as number) ^ 1;
  return encodeBase64Url(decoded);
}

function codeOf(run: () => unknown): string | undefined {
  const error = thrown(run);
  expect(error).toBeInstanceOf(SealedTextError);
  return (error as SealedTextError).code;
}

describe('sealText and openSealedText', () => {
  it('give every reader, the author included, the text back', () => {
    const sealed = sealForAnnAndGm();
    expect(sealedTextSchema.safeParse(sealed).success).toBe(true);
    expect(Object.keys(sealed.keys).sort()).toEqual([ann.userId, gm.userId].sort());
    expect(openSealedText(sealed, ann, CONTEXT)).toBe('Meet me *behind* the inn — 🗝️');
    expect(openSealedText(sealed, gm, CONTEXT)).toBe('Meet me *behind* the inn — 🗝️');
  });

  it('take the public key as bytes too, and seal the empty text', () => {
    const sealed = sealText('', [{ userId: bob.userId, publicKey: bob.publicKey }], CONTEXT);
    expect(openSealedText(sealed, bob, CONTEXT)).toBe('');
  });

  it('leave no trace of the text in the envelope', () => {
    const sealed = sealForAnnAndGm('a very secret plan');
    expect(JSON.stringify(sealed)).not.toContain('secret');
  });

  it('refuse a member it was not sealed to', () => {
    expect(codeOf(() => openSealedText(sealForAnnAndGm(), bob, CONTEXT))).toBe(
      'SEALED_NOT_FOR_YOU',
    );
  });

  it('refuse a member who copies a reader’s box into their own slot', () => {
    const sealed = sealForAnnAndGm();
    const keys = { ...sealed.keys, [bob.userId]: sealed.keys[ann.userId] };
    expect(codeOf(() => openSealedText({ ...sealed, keys }, bob, CONTEXT))).toBe('SEALED_TAMPERED');
  });

  it('open only in the context it was sealed for', () => {
    expect(codeOf(() => openSealedText(sealForAnnAndGm(), ann, 'camp-1/post/p-2'))).toBe(
      'SEALED_TAMPERED',
    );
  });

  it('refuse any altered part with SEALED_TAMPERED', () => {
    const sealed = sealForAnnAndGm();
    const box = sealed.keys[ann.userId];
    if (box === undefined) throw new Error('Ann has a box');
    const bodyBytes = Math.floor((sealed.body.length * 3) / 4);
    const altered: SealedText[] = [
      { ...sealed, body: flipped(sealed.body, bodyBytes) },
      { ...sealed, nonce: flipped(sealed.nonce, 24) },
      { ...sealed, keys: { ...sealed.keys, [ann.userId]: { ...box, box: flipped(box.box, 48) } } },
      { ...sealed, keys: { ...sealed.keys, [ann.userId]: { ...box, epk: flipped(box.epk, 32) } } },
      {
        ...sealed,
        keys: { ...sealed.keys, [ann.userId]: { ...box, nonce: flipped(box.nonce, 24) } },
      },
    ];
    for (const envelope of altered) {
      expect(codeOf(() => openSealedText(envelope, ann, CONTEXT))).toBe('SEALED_TAMPERED');
    }
  });

  it('break for every reader when a reader’s slot is dropped', () => {
    const sealed = sealForAnnAndGm();
    const { [gm.userId]: _dropped, ...onlyAnn } = sealed.keys;
    expect(codeOf(() => openSealedText({ ...sealed, keys: onlyAnn }, ann, CONTEXT))).toBe(
      'SEALED_TAMPERED',
    );
  });

  it('refuse what is not an envelope with SEALED_MALFORMED', () => {
    const sealed = sealForAnnAndGm();
    for (const bad of [
      null,
      'text',
      { ...sealed, v: 2 },
      { ...sealed, keys: {} },
      { ...sealed, body: '***' },
    ]) {
      expect(codeOf(() => openSealedText(bad, ann, CONTEXT))).toBe('SEALED_MALFORMED');
    }
    expect(codeOf(() => openSealedText({ ...sealed, extra: 1 }, ann, CONTEXT))).toBe(
      'SEALED_MALFORMED',
    );
  });

  it('refuse bad input to seal with SEALED_INVALID_INPUT', () => {
    const seal =
      (text: string, readers: SealedTextReader[], context = CONTEXT) =>
      () =>
        sealText(text, readers, context);
    expect(codeOf(seal('hi', []))).toBe('SEALED_INVALID_INPUT');
    expect(codeOf(seal('hi', [reader(ann), reader(ann)]))).toBe('SEALED_INVALID_INPUT');
    // A user id that is not the hash of the key: someone else's key under Ann's name.
    expect(codeOf(seal('hi', [{ userId: ann.userId, publicKey: bob.publicKey }]))).toBe(
      'SEALED_INVALID_INPUT',
    );
    expect(codeOf(seal('hi', [{ userId: ann.userId, publicKey: 'not a key' }]))).toBe(
      'SEALED_INVALID_INPUT',
    );
    expect(codeOf(seal('x'.repeat(MAX_SEALED_TEXT_BYTES + 1), [reader(ann)]))).toBe(
      'SEALED_INVALID_INPUT',
    );
    expect(codeOf(seal('lone \uD800 surrogate', [reader(ann)]))).toBe('SEALED_INVALID_INPUT');
    expect(codeOf(seal('hi', [reader(ann)], ''))).toBe('SEALED_INVALID_INPUT');
    const many = Array.from({ length: 65 }, (_, index) =>
      reader(createIdentity(`R${index}`, '#000000')),
    );
    expect(codeOf(seal('hi', many))).toBe('SEALED_INVALID_INPUT');
  });

  it('seal the longest text allowed, and a different envelope each time', () => {
    const text = 'é'.repeat(MAX_SEALED_TEXT_BYTES / 2);
    const first = sealText(text, [reader(ann)], CONTEXT);
    expect(sealedTextSchema.safeParse(first).success).toBe(true);
    expect(openSealedText(first, ann, CONTEXT)).toBe(text);
    const second = sealText(text, [reader(ann)], CONTEXT);
    expect(second.body).not.toBe(first.body);
  });
});
