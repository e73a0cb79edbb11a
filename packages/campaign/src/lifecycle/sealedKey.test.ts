import { sealedTableKeySchema } from '@meshtable/schema';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import { createIdentity } from '../identity/identity';
import { openSealedTableKey, sealTableKey } from './sealedKey';

const ana = createIdentity('Ana', '#0066cc');
const bo = createIdentity('Bo', '#00aa44');
const KEY = crypto.getRandomValues(new Uint8Array(16));
const FOR_ANA = { campaign: 'camp-1', epoch: 1, to: ana.userId };

function sealForAna() {
  const sealed = sealTableKey(KEY, ana.publicKey, FOR_ANA);
  if (sealed === null) throw new Error('Ana’s key takes a box');
  return sealed;
}

/** `text` with one bit of its first byte flipped, still canonical base64url. */
function flipped(text: string, bytes: number): string {
  const decoded = decodeBase64Url(text, bytes) as Uint8Array;
  decoded[0] = (decoded[0] as number) ^ 1;
  return encodeBase64Url(decoded);
}

describe('sealTableKey and openSealedTableKey', () => {
  it('open for the member it was sealed to, and give back the key', () => {
    const sealed = sealForAna();
    expect(sealedTableKeySchema.safeParse(sealed).success).toBe(true);
    expect(openSealedTableKey(sealed, ana, FOR_ANA)).toEqual(KEY);
  });

  it('use the X25519 form of the very key pair that signs (both halves map to one point)', () => {
    const secret = ed25519.utils.toMontgomerySecret(ana.secretKey);
    expect(x25519.getPublicKey(secret)).toEqual(ed25519.utils.toMontgomery(ana.publicKey));
  });

  it('never open for anyone else', () => {
    expect(openSealedTableKey(sealForAna(), bo, FOR_ANA)).toBeNull();
    expect(openSealedTableKey(sealForAna(), bo, { ...FOR_ANA, to: bo.userId })).toBeNull();
  });

  it('open only for the campaign, epoch and member they were sealed for', () => {
    const sealed = sealForAna();
    expect(openSealedTableKey(sealed, ana, { ...FOR_ANA, campaign: 'camp-2' })).toBeNull();
    expect(openSealedTableKey(sealed, ana, { ...FOR_ANA, epoch: 2 })).toBeNull();
    expect(openSealedTableKey(sealed, ana, { ...FOR_ANA, to: bo.userId })).toBeNull();
  });

  it('refuse any altered part', () => {
    const sealed = sealForAna();
    expect(
      openSealedTableKey({ ...sealed, box: flipped(sealed.box, 32) }, ana, FOR_ANA),
    ).toBeNull();
    expect(
      openSealedTableKey({ ...sealed, nonce: flipped(sealed.nonce, 24) }, ana, FOR_ANA),
    ).toBeNull();
    expect(
      openSealedTableKey({ ...sealed, epk: flipped(sealed.epk, 32) }, ana, FOR_ANA),
    ).toBeNull();
    // A low-order ephemeral key (all zeros) gives no shared secret at all.
    expect(
      openSealedTableKey({ ...sealed, epk: encodeBase64Url(new Uint8Array(32)) }, ana, FOR_ANA),
    ).toBeNull();
  });

  it('use a fresh ephemeral key and nonce for every box', () => {
    const first = sealForAna();
    const second = sealForAna();
    expect(second.epk).not.toBe(first.epk);
    expect(second.nonce).not.toBe(first.nonce);
    expect(second.box).not.toBe(first.box);
  });
});
