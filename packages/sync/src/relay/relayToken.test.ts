import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { deriveRelayToken, RELAY_TOKEN_DOMAIN } from './relayToken';

describe('deriveRelayToken', () => {
  it('is deterministic: the same key always gives the same token', () => {
    expect(deriveRelayToken('table-key-1')).toBe(deriveRelayToken('table-key-1'));
  });

  it('gives different tokens for different keys', () => {
    expect(deriveRelayToken('table-key-1')).not.toBe(deriveRelayToken('table-key-2'));
  });

  it('is 64 lowercase hex characters', () => {
    expect(deriveRelayToken('k')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is domain-separated: not the plain SHA-256 of the key', () => {
    const plain = bytesToHex(sha256(utf8ToBytes('table-key-1')));
    expect(deriveRelayToken('table-key-1')).not.toBe(plain);
  });

  it('matches a pinned vector, so relay and clients never drift apart', () => {
    expect(RELAY_TOKEN_DOMAIN).toBe('meshtable/relay-token/v1\u0000');
    expect(deriveRelayToken('abc')).toBe(PINNED_ABC);
  });
});

// Computed independently with `printf 'meshtable/relay-token/v1\0abc' | sha256sum`; a change here is a
// protocol change that every relay and client must make together.
const PINNED_ABC = 'b43e2d8868d31d580d7cffdc1afd62d9121826b3f2fe7d169079b98554f42117';
