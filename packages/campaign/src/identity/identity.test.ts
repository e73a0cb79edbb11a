import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { OTHER_SECRET_KEY, RFC8032_TEST1 } from '../testing/rfc8032';
import { thrown } from '../testing/thrown';
import { encodeBase64Url } from './base64url';
import { createIdentity, decodePublicKey, encodePublicKey, userIdOf } from './identity';

const CREATED_AT = 1_767_225_600_000;

describe('Ed25519 wiring', () => {
  it('reproduces RFC 8032 §7.1 TEST 1: the public key and the signature of the empty message', () => {
    const identity = createIdentity('Aria', '#3366ff', { secretKey: RFC8032_TEST1.secretKey });
    expect(bytesToHex(identity.publicKey)).toBe(bytesToHex(RFC8032_TEST1.publicKey));
    const signature = ed25519.sign(new Uint8Array(0), identity.secretKey);
    expect(bytesToHex(signature)).toBe(bytesToHex(RFC8032_TEST1.signatureOfEmptyMessage));
    expect(
      ed25519.verify(signature, new Uint8Array(0), identity.publicKey, { zip215: false }),
    ).toBe(true);
  });
});

describe('userIdOf', () => {
  // Computed independently (Python hashlib): base64url(SHA-256("meshtable user v1\0" ‖ pk)[:16]).
  it('is the known answer for the RFC 8032 TEST 1 public key', () => {
    expect(userIdOf(RFC8032_TEST1.publicKey)).toBe('WU1FP7NnhCFh3SXZVpmDcw');
  });

  it('is 22 base64url characters and differs between keys', () => {
    const other = ed25519.getPublicKey(OTHER_SECRET_KEY);
    expect(userIdOf(other)).toMatch(/^[A-Za-z0-9_-]{21}[AQgw]$/);
    expect(userIdOf(other)).not.toBe(userIdOf(RFC8032_TEST1.publicKey));
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(thrown(() => userIdOf(new Uint8Array(31))).code).toBe('IDENTITY_INVALID_KEY');
    expect(thrown(() => userIdOf('abc' as unknown as Uint8Array)).code).toBe(
      'IDENTITY_INVALID_KEY',
    );
  });
});

describe('createIdentity', () => {
  it('makes a fresh key pair whose userId is the hash of its public key', () => {
    const a = createIdentity('Aria', '#3366ff');
    const b = createIdentity('Aria', '#3366ff');
    expect(a.secretKey).toHaveLength(32);
    expect(bytesToHex(ed25519.getPublicKey(a.secretKey))).toBe(bytesToHex(a.publicKey));
    expect(a.userId).toBe(userIdOf(a.publicKey));
    expect(a.userId).not.toBe(b.userId);
  });

  it('keeps the name (trimmed), the colour and the creation time', () => {
    const identity = createIdentity('  Aria  ', '#3366FF', { createdAt: CREATED_AT });
    expect(identity).toMatchObject({ name: 'Aria', color: '#3366FF', createdAt: CREATED_AT });
  });

  it('defaults the creation time to now', () => {
    const before = Date.now();
    const { createdAt } = createIdentity('Aria', '#3366ff');
    expect(createdAt).toBeGreaterThanOrEqual(before);
    expect(createdAt).toBeLessThanOrEqual(Date.now());
  });

  it('copies a given secret key, so changing the caller’s array changes nothing', () => {
    const secretKey = Uint8Array.from(RFC8032_TEST1.secretKey);
    const identity = createIdentity('Aria', '#3366ff', { secretKey });
    secretKey.fill(0);
    expect(bytesToHex(identity.secretKey)).toBe(bytesToHex(RFC8032_TEST1.secretKey));
  });

  it('refuses a bad name, colour or time, naming each field', () => {
    const error = thrown(() => createIdentity('   ', 'blue', { createdAt: -1 }));
    expect(error.code).toBe('IDENTITY_INVALID_PROFILE');
    expect(error.message).toMatch(/name: .*color: must be a colour as #rrggbb.*createdAt: /);
    expect(thrown(() => createIdentity('x'.repeat(101), '#000000')).code).toBe(
      'IDENTITY_INVALID_PROFILE',
    );
  });

  it('refuses a given secret key that is not 32 bytes', () => {
    const error = thrown(() =>
      createIdentity('Aria', '#3366ff', { secretKey: new Uint8Array(64) }),
    );
    expect(error.code).toBe('IDENTITY_INVALID_KEY');
  });
});

describe('an identity object keeps its secret key to itself', () => {
  const identity = createIdentity('Aria', '#3366ff', {
    secretKey: RFC8032_TEST1.secretKey,
    createdAt: CREATED_AT,
  });
  const secretBase64 = encodeBase64Url(RFC8032_TEST1.secretKey);
  const secretHex = bytesToHex(RFC8032_TEST1.secretKey);

  it('JSON.stringify writes the public part only, with the key as base64url', () => {
    const json = JSON.stringify(identity);
    expect(JSON.parse(json)).toEqual({
      userId: 'WU1FP7NnhCFh3SXZVpmDcw',
      publicKey: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
      name: 'Aria',
      color: '#3366ff',
      createdAt: CREATED_AT,
    });
    expect(json).not.toContain(secretBase64);
  });

  it('String(), spreading, Object.keys and structuredClone leave it out', () => {
    expect(String(identity)).toBe('Identity WU1FP7NnhCFh3SXZVpmDcw (Aria)');
    expect(Object.keys(identity)).not.toContain('secretKey');
    expect('secretKey' in { ...identity }).toBe(false);
    const clone = structuredClone(identity);
    expect('secretKey' in clone).toBe(false);
    expect(clone.userId).toBe(identity.userId);
    expect(`${String(identity)}${JSON.stringify(identity)}`).not.toContain(secretHex);
  });

  it('still hands the secret key to code that asks for it by name', () => {
    expect(bytesToHex(identity.secretKey)).toBe(secretHex);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(identity)).toBe(true);
    expect(() => {
      (identity as { name: string }).name = 'Mallory';
    }).toThrow(TypeError);
  });
});

describe('encodePublicKey and decodePublicKey', () => {
  it('round-trip a public key through its 43-character record form', () => {
    const text = encodePublicKey(RFC8032_TEST1.publicKey);
    expect(text).toBe('11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo');
    expect(bytesToHex(decodePublicKey(text))).toBe(bytesToHex(RFC8032_TEST1.publicKey));
  });

  it('refuses a non-canonical spelling, a wrong length and a point not on the curve', () => {
    const text = encodePublicKey(RFC8032_TEST1.publicKey);
    // "o" is 40 (101000); "p" (101001) sets one of the 2 unused bits.
    expect(thrown(() => decodePublicKey(`${text.slice(0, -1)}p`)).code).toBe(
      'IDENTITY_INVALID_KEY',
    );
    expect(thrown(() => decodePublicKey(text.slice(1))).code).toBe('IDENTITY_INVALID_KEY');
    // y = 2^255 - 1 is not below the field prime: no point has this encoding (strict decoding).
    const notAPoint = encodeBase64Url(new Uint8Array(32).fill(0xff).fill(0x7f, 31));
    expect(thrown(() => decodePublicKey(notAPoint)).code).toBe('IDENTITY_INVALID_KEY');
  });
});
