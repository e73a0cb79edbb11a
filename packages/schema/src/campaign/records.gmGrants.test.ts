/** `meta.gmGrants`: the co-GM grants, a new and optional entry of meta. */
import { describe, expect, it } from 'vitest';
import { GM_GRANTS_META_KEY, gmGrantSchema, gmGrantsSchema, MAX_GM_GRANTS } from './records';

const GM = 'AAAAAAAAAAAAAAAAAAAAAA';
const BY = 'QQQQQQQQQQQQQQQQQQQQQQ';
const grant = {
  v: 1,
  campaign: 'camp-1',
  gm: GM,
  publicKey: 'B'.repeat(43),
  by: BY,
  at: 5,
  sig: `${'C'.repeat(85)}A`,
};

/** `count` distinct user ids. */
function userIds(count: number): string[] {
  return Array.from(
    { length: count },
    (_, index) => `${String(index).padStart(4, '0')}${'A'.repeat(18)}`,
  );
}

describe('co-GM grants', () => {
  it('accept a well-formed grant, and a record of them keyed by user id', () => {
    expect(GM_GRANTS_META_KEY).toBe('gmGrants');
    expect(gmGrantSchema.parse(grant)).toEqual(grant);
    expect(gmGrantsSchema.parse({ [GM]: grant })).toEqual({ [GM]: grant });
    expect(gmGrantsSchema.parse({})).toEqual({});
  });

  it.each([
    ['another version', { v: 2 }],
    ['a campaign id with a colon', { campaign: 'camp:gm' }],
    ['a user id cut short', { gm: GM.slice(1) }],
    ['a key cut short', { publicKey: 'B'.repeat(42) }],
    ['a signature with unused bits set', { sig: `${'C'.repeat(85)}B` }],
    ['a negative time', { at: -1 }],
    ['an unknown field', { note: 'trust me' }],
  ])('refuse a grant with %s', (_what, change) => {
    expect(gmGrantSchema.safeParse({ ...grant, ...change }).success).toBe(false);
  });

  it(`refuse a record of more than ${MAX_GM_GRANTS} grants, or one keyed by something else`, () => {
    const many = Object.fromEntries(userIds(MAX_GM_GRANTS + 1).map((id) => [id, grant]));
    const result = gmGrantsSchema.safeParse(many);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(`holds at most ${MAX_GM_GRANTS} grants`);
    expect(gmGrantsSchema.safeParse({ 'not-a-user-id': grant }).success).toBe(false);
  });
});
