import { describe, expect, it } from 'vitest';
import { createCampaignId, createCampaignKey, isCampaignKey } from './credentials';

describe('campaign credentials', () => {
  it('makes ids that never start with "-" (they are typed on command lines)', () => {
    const ids = Array.from({ length: 2000 }, createCampaignId);
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 50)) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });

  it('makes keys of 16 random bytes in canonical base64url', () => {
    const key = createCampaignKey();
    expect(isCampaignKey(key)).toBe(true);
    expect(isCampaignKey(`${key}=`)).toBe(false);
    expect(isCampaignKey(key.slice(1))).toBe(false);
  });
});
