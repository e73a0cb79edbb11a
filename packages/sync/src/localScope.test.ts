import { describe, expect, it } from 'vitest';
import {
  indexeddbName,
  LOCAL_SCOPE_DOMAIN,
  localKeyFingerprint,
  relayBroadcastChannelName,
} from './localScope';
import { deriveRelayToken } from './relay/relayToken';

const ROOM = 'abcdefghijklmnop';
const KEY_1 = 'q3JfXh2wT9kLmN0pQrS4uV';
const KEY_2 = 'q3JfXh2wT9kLmN0pQrS4uW';

describe('indexeddbName', () => {
  it('names the database after the room and the key, so another key opens another database', () => {
    expect(indexeddbName(ROOM, KEY_1)).toMatch(/^meshtable:abcdefghijklmnop:[0-9a-f]{32}$/);
    expect(indexeddbName(ROOM, KEY_1)).toBe(indexeddbName(ROOM, KEY_1));
    expect(indexeddbName(ROOM, KEY_1)).not.toBe(indexeddbName(ROOM, KEY_2));
    expect(indexeddbName('other-room', KEY_1)).not.toBe(indexeddbName(ROOM, KEY_1));
  });

  it('reveals neither the key nor any part of the relay token', () => {
    const name = indexeddbName(ROOM, KEY_1);
    const fingerprint = localKeyFingerprint(KEY_1);
    expect(name).not.toContain(KEY_1);
    expect(deriveRelayToken(KEY_1)).not.toContain(fingerprint.slice(0, 8));
  });

  it('matches a pinned vector, so stored copies keep their names across releases', () => {
    expect(LOCAL_SCOPE_DOMAIN).toBe('meshtable/local-scope/v1\u0000');
    // printf 'meshtable/local-scope/v1\0q3JfXh2wT9kLmN0pQrS4uV' | sha256sum | cut -c1-32
    expect(localKeyFingerprint(KEY_1)).toBe('23ddb312139e4bae3ac89210b658a3ff');
  });
});

describe('relayBroadcastChannelName', () => {
  it('is keyed like the database, and distinct from it', () => {
    expect(relayBroadcastChannelName(ROOM, KEY_1)).not.toBe(relayBroadcastChannelName(ROOM, KEY_2));
    expect(relayBroadcastChannelName(ROOM, KEY_1)).not.toBe(indexeddbName(ROOM, KEY_1));
    expect(relayBroadcastChannelName(ROOM, KEY_1)).not.toContain(KEY_1);
  });
});
