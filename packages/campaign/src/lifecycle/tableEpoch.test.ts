import { isValidRoomName, REKEY_META_KEYS, recordIdSchema, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { createIdentity } from '../identity/identity';
import { thrown } from '../testing/thrown';
import { createCampaign } from './createCampaign';
import { createCampaignKey } from './credentials';
import { readTableEpoch, tableRoom } from './tableEpoch';

const ID = 'Xk3_p9Qa-ZL0bN7wEr2TyA';
const KEY = 'q3JfWm0c5SeRk1nD8aZxVg';
const SYSTEM = { id: 'srd5e', version: '1.2.0', sha256: 'ab'.repeat(32) } as const;

describe('tableRoom', () => {
  it('is the campaign id in epoch 0, so rooms of campaigns never rekeyed stay where they were', () => {
    expect(tableRoom(ID, 0, KEY)).toBe(ID);
  });

  it('derives later rooms from the key as an independent HKDF-SHA256 computes them', () => {
    // Computed with Python's `cryptography` (HKDF, SHA-256, no salt, 16 bytes), not with noble.
    expect(tableRoom(ID, 1, KEY)).toBe('lxc9TsaWWFE4fxFPKWvM-Q');
    expect(tableRoom(ID, 2, KEY)).toBe('nq6qYL5UH8vas_OS_NfJeg');
  });

  it('gives a room the relay and an invite accept, different for every key, epoch and campaign', () => {
    const rooms = new Set<string>();
    for (let index = 0; index < 50; index++) {
      const room = tableRoom(ID, 1 + (index % 3), createCampaignKey());
      expect(isValidRoomName(room)).toBe(true);
      expect(recordIdSchema.safeParse(room).success).toBe(true);
      rooms.add(room);
    }
    expect(rooms.size).toBe(50);
    expect(tableRoom('another-campaign', 1, KEY)).not.toBe(tableRoom(ID, 1, KEY));
  });

  it('refuses an epoch that is not a whole number, and a key that is not 16 bytes', () => {
    for (const epoch of [-1, 1.5, Number.NaN, 2 ** 53]) {
      expect(thrown(() => tableRoom(ID, epoch, KEY)).code).toBe('REKEY_INVALID_INPUT');
    }
    for (const key of ['', KEY.slice(0, 21), `${KEY}A`, `${KEY.slice(0, 21)}h`]) {
      expect(thrown(() => tableRoom(ID, 1, key)).code).toBe('REKEY_INVALID_INPUT');
    }
  });
});

describe('readTableEpoch', () => {
  const gm = createIdentity('Gemma', '#aa3300');

  it('reads epoch 0 in the campaign id’s room before any kick, and null before meta syncs', () => {
    const created = createCampaign({ gm, name: 'Tomb', system: SYSTEM, diceChainLength: 4 });
    expect(readTableEpoch(created.table)).toEqual({ epoch: 0, room: created.campaignId });
    expect(readTableEpoch(created.gm)).toBeNull();
  });

  it('reports a malformed meta.epoch as malformed meta', () => {
    const created = createCampaign({ gm, name: 'Tomb', system: SYSTEM, diceChainLength: 4 });
    created.table.getMap(TABLE_MAPS.meta).set(REKEY_META_KEYS.epoch, { epoch: 0, room: 'x' });
    const error = thrown(() => readTableEpoch(created.table));
    expect(error.code).toBe('CAMPAIGN_INVALID_META');
    expect(error.message).toContain('epoch.epoch');
  });
});
