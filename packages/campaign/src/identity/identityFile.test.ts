import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { OTHER_SECRET_KEY, RFC8032_TEST1 } from '../testing/rfc8032';
import { thrown } from '../testing/thrown';
import { encodeBase64Url } from './base64url';
import { createIdentity } from './identity';
import { exportIdentity, importIdentity, MAX_IDENTITY_FILE_CHARS } from './identityFile';

const aria = createIdentity('Aria', '#3366ff', {
  secretKey: RFC8032_TEST1.secretKey,
  createdAt: 1_767_225_600_000,
});
const bram = createIdentity('Bram', '#aa2200', { secretKey: OTHER_SECRET_KEY, createdAt: 1 });

/** Aria's identity file as JSON, with `changes` applied (undefined removes a field). */
function ariaFileWith(changes: Record<string, unknown>): string {
  const file: Record<string, unknown> = { ...JSON.parse(exportIdentity(aria)), ...changes };
  for (const [field, value] of Object.entries(changes)) if (value === undefined) delete file[field];
  return JSON.stringify(file);
}

function importError(text: string): { code?: string; message: string } {
  return thrown(() => importIdentity(text));
}

describe('exportIdentity', () => {
  it('writes version 1 with every field and both keys as base64url', () => {
    expect(JSON.parse(exportIdentity(aria))).toEqual({
      meshtableIdentity: 1,
      userId: 'WU1FP7NnhCFh3SXZVpmDcw',
      name: 'Aria',
      color: '#3366ff',
      createdAt: 1_767_225_600_000,
      publicKey: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
      secretKey: encodeBase64Url(RFC8032_TEST1.secretKey),
    });
  });
});

describe('importIdentity', () => {
  it('gives back the identity that was exported, secret key included', () => {
    for (const identity of [aria, bram, createIdentity('Ünïcødé 🐉', '#000000')]) {
      const imported = importIdentity(exportIdentity(identity));
      expect(imported.userId).toBe(identity.userId);
      expect(bytesToHex(imported.secretKey)).toBe(bytesToHex(identity.secretKey));
      expect(bytesToHex(imported.publicKey)).toBe(bytesToHex(identity.publicKey));
      expect(JSON.stringify(imported)).toBe(JSON.stringify(identity));
    }
  });

  it('refuses a secret key that does not belong to the public key', () => {
    const error = importError(ariaFileWith({ secretKey: encodeBase64Url(OTHER_SECRET_KEY) }));
    expect(error.code).toBe('IDENTITY_KEY_MISMATCH');
    expect(error.message).toContain('secretKey does not belong to publicKey');
  });

  it('refuses someone else’s public key and userId next to Aria’s secret key', () => {
    const publicKey = encodeBase64Url(bram.publicKey);
    expect(importError(ariaFileWith({ publicKey, userId: bram.userId })).code).toBe(
      'IDENTITY_KEY_MISMATCH',
    );
  });

  it('refuses a userId that is not the hash of the public key', () => {
    const error = importError(ariaFileWith({ userId: bram.userId }));
    expect(error.code).toBe('IDENTITY_USER_ID_MISMATCH');
  });

  it('names each malformed field', () => {
    const error = importError(
      ariaFileWith({ name: '', color: 'red', createdAt: 1.5, secretKey: undefined }),
    );
    expect(error.code).toBe('IDENTITY_INVALID_FILE');
    for (const field of ['name', 'color', 'createdAt', 'secretKey']) {
      expect(error.message).toContain(`${field}: `);
    }
  });

  it('refuses a non-canonical key spelling and unknown fields', () => {
    const publicKey = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURp';
    const error = importError(ariaFileWith({ publicKey }));
    expect(error.code).toBe('IDENTITY_INVALID_FILE');
    expect(error.message).toContain('publicKey: must be 32 bytes as 43 characters');
    expect(importError(ariaFileWith({ password: 'hunter2' })).message).toContain(
      'unknown field(s) password',
    );
  });

  it('refuses text that is not JSON, not an object, or not an identity file', () => {
    expect(importError('{"meshtableIdentity":1,').message).toContain('is not JSON');
    for (const text of ['[]', 'null', '"x"', '{"userId":"x"}']) {
      const error = importError(text);
      expect(error.code).toBe('IDENTITY_INVALID_FILE');
      expect(error.message).toContain('not a Meshtable identity file');
    }
    expect(importError(' '.repeat(MAX_IDENTITY_FILE_CHARS + 1)).message).toContain('too large');
  });

  it('refuses another version, saying which versions it reads', () => {
    const error = importError(ariaFileWith({ meshtableIdentity: 2 }));
    expect(error.code).toBe('IDENTITY_UNSUPPORTED_VERSION');
    expect(error.message).toContain('reads version 1');
    expect(importError(ariaFileWith({ meshtableIdentity: '1' })).code).toBe(
      'IDENTITY_INVALID_FILE',
    );
  });
});
