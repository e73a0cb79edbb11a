/** Invite links that name the campaign's GMs by user id (`gm=<id>.<id>`). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase64Url } from '../identity/base64url';
import { thrown } from '../testing/thrown';
import { MAX_INVITE_GMS, makeInviteLink, parseInviteLink } from './invite';

const ID = 'Xk3_p9Qa-ZL0bN7wEr2TyA';
const KEY = 'q3JfWm0c5SeRk1nD8aZxVg';
const BASE = 'https://table.example/';
const GEMMA = 'K1qYb2ZkR9mT3vLx0pWc_Q';
const HAL = 'a-8Zr0Tq5nWm2XyB7cLd4g';

/** `count` distinct user ids. */
function userIds(count: number): string[] {
  return Array.from({ length: count }, (_, index) =>
    encodeBase64Url(new Uint8Array(16).fill(index)),
  );
}

describe('invite links and GM ids', () => {
  it('name the GMs joined by dots, and read them back in order', () => {
    const link = makeInviteLink(BASE, {
      campaignId: ID,
      tableKey: KEY,
      relayUrl: 'https://relay.example',
      epoch: 1,
      gmIds: [GEMMA, HAL],
    });
    expect(link).toBe(
      `${BASE}#/join/${ID}/${KEY}?relay=${encodeURIComponent('https://relay.example/')}&epoch=1&gm=${GEMMA}.${HAL}`,
    );
    expect(parseInviteLink(link)).toMatchObject({ ok: true, invite: { gmIds: [GEMMA, HAL] } });
    expect(parseInviteLink(`#/join/${ID}/${KEY}?gm=${HAL}`)).toMatchObject({
      ok: true,
      invite: { gmIds: [HAL], epoch: 0, relayUrl: null },
    });
  });

  it('read an old link without gm as naming no GM, and write none when given none', () => {
    expect(parseInviteLink(`${BASE}#/join/${ID}/${KEY}`)).toMatchObject({
      ok: true,
      invite: { gmIds: [] },
    });
    expect(makeInviteLink(BASE, { campaignId: ID, tableKey: KEY, gmIds: [] })).toBe(
      `${BASE}#/join/${ID}/${KEY}`,
    );
  });

  const refused: [string, string][] = [
    ['an empty list', ''],
    ['an id cut short', `${GEMMA}.${HAL.slice(0, 20)}`],
    ['an id too long', `${GEMMA}A`],
    ['a character outside base64url', `${GEMMA.slice(0, 21)}=`],
    ['an id that is not canonical base64url', `${GEMMA.slice(0, 21)}R`],
    ['a missing id between two dots', `${GEMMA}..${HAL}`],
    ['a trailing dot', `${GEMMA}.`],
    ['one GM twice', `${GEMMA}.${HAL}.${GEMMA}`],
    ['more GMs than an invite names', userIds(MAX_INVITE_GMS + 1).join('.')],
    ['a percent-encoded separator in an id', `${GEMMA}%2C${HAL}`],
  ];
  it.each(refused)('refuses %s', (_what, gm) => {
    const parsed = parseInviteLink(`${BASE}#/join/${ID}/${KEY}?gm=${gm}`);
    expect(parsed).toMatchObject({ ok: false, code: 'INVITE_INVALID_GM_IDS' });
    if (!parsed.ok) expect(parsed.message).toMatch(/GM/);
  });

  it('says which id is damaged, and how many GMs are too many', () => {
    const damaged = parseInviteLink(`${BASE}#/join/${ID}/${KEY}?gm=${GEMMA}.${HAL.slice(1)}`);
    expect(damaged).toMatchObject({ ok: false, message: expect.stringContaining('number 2') });
    const many = parseInviteLink(`#/join/${ID}/${KEY}?gm=${userIds(9).join('.')}`);
    expect(many).toMatchObject({ ok: false, message: expect.stringContaining('at most 8') });
  });

  it('refuses a link that names its GMs twice', () => {
    expect(parseInviteLink(`${BASE}#/join/${ID}/${KEY}?gm=${GEMMA}&gm=${HAL}`)).toMatchObject({
      ok: false,
      code: 'INVITE_INVALID_GM_IDS',
    });
  });

  it('makes no link of ids it could not read back', () => {
    for (const gmIds of [[''], [GEMMA, GEMMA], [HAL.slice(2)], userIds(MAX_INVITE_GMS + 1)]) {
      expect(
        thrown(() => makeInviteLink(BASE, { campaignId: ID, tableKey: KEY, gmIds })).code,
      ).toBe('INVITE_INVALID_GM_IDS');
    }
    expect(makeInviteLink(BASE, { campaignId: ID, tableKey: KEY, gmIds: userIds(8) })).toContain(
      `gm=${userIds(8).join('.')}`,
    );
  });

  it('reads back any list of up to eight distinct ids (property)', () => {
    const ids = fc.uniqueArray(
      fc.uint8Array({ minLength: 16, maxLength: 16 }).map(encodeBase64Url),
      { minLength: 0, maxLength: MAX_INVITE_GMS },
    );
    fc.assert(
      fc.property(ids, (gmIds) => {
        const parsed = parseInviteLink(
          makeInviteLink(BASE, { campaignId: ID, tableKey: KEY, gmIds }),
        );
        expect(parsed).toMatchObject({ ok: true, invite: { gmIds } });
      }),
      { seed: 11, numRuns: 100 },
    );
  });
});
