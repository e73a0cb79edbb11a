import { isValidRoomName } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { createRoomId, createTableKey, isValidTableKey } from './tableCredentials';

describe('createRoomId', () => {
  it('makes 16-character ids the relay accepts', () => {
    for (let i = 0; i < 50; i++) {
      const id = createRoomId();
      expect(id).toMatch(/^[a-z2-7]{16}$/);
      expect(isValidRoomName(id)).toBe(true);
    }
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 200 }, createRoomId));
    expect(ids.size).toBe(200);
  });
});

describe('createTableKey', () => {
  it('makes 22-character base64url keys (128 bits) that validate', () => {
    for (let i = 0; i < 50; i++) {
      const key = createTableKey();
      expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(isValidTableKey(key)).toBe(true);
    }
  });

  it('does not repeat', () => {
    const keys = new Set(Array.from({ length: 200 }, createTableKey));
    expect(keys.size).toBe(200);
  });
});

describe('isValidTableKey', () => {
  it('rejects keys shorter than 128 bits, padding and non-base64url characters', () => {
    expect(isValidTableKey('short')).toBe(false);
    expect(isValidTableKey(`${'a'.repeat(21)}`)).toBe(false);
    expect(isValidTableKey(`${'a'.repeat(22)}=`)).toBe(false);
    expect(isValidTableKey(`${'a'.repeat(21)}/`)).toBe(false);
    expect(isValidTableKey('a'.repeat(22))).toBe(true);
  });
});
