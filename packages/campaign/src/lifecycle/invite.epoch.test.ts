/** Invite links after a kick: the key epoch, and the room it leads to. */
import { describe, expect, it } from 'vitest';
import { thrown } from '../testing/thrown';
import { makeInviteLink, parseInviteLink } from './invite';
import { tableRoom } from './tableEpoch';

const ID = 'Xk3_p9Qa-ZL0bN7wEr2TyA';
const KEY = 'q3JfWm0c5SeRk1nD8aZxVg';
const BASE = 'https://table.example/';

describe('invite links and key epochs', () => {
  it('write epoch 0 as before, and read old links as epoch 0 in the campaign id’s room', () => {
    const link = makeInviteLink(BASE, { campaignId: ID, tableKey: KEY, epoch: 0 });
    expect(link).toBe(`${BASE}#/join/${ID}/${KEY}`);
    expect(parseInviteLink(link)).toMatchObject({ ok: true, invite: { epoch: 0, room: ID } });
  });

  it('carry a later epoch, and lead to the room derived from its key', () => {
    const link = makeInviteLink(BASE, {
      campaignId: ID,
      tableKey: KEY,
      relayUrl: 'https://relay.example',
      epoch: 2,
    });
    expect(link).toBe(
      `${BASE}#/join/${ID}/${KEY}?relay=${encodeURIComponent('https://relay.example/')}&epoch=2`,
    );
    expect(parseInviteLink(link)).toEqual({
      ok: true,
      invite: {
        campaignId: ID,
        tableKey: KEY,
        relayUrl: 'https://relay.example/',
        epoch: 2,
        room: tableRoom(ID, 2, KEY),
        gmIds: [],
      },
    });
    expect(parseInviteLink(`${BASE}#/join/${ID}/${KEY}?epoch=1`)).toMatchObject({
      ok: true,
      invite: { epoch: 1, room: 'lxc9TsaWWFE4fxFPKWvM-Q', relayUrl: null },
    });
  });

  it.each([
    ['zero', '0'],
    ['a leading zero', '01'],
    ['a sign', '+1'],
    ['a fraction', '1.5'],
    ['nothing', ''],
    ['beyond safe integers', '9007199254740993'],
  ])('refuses an epoch with %s', (_what, epoch) => {
    const parsed = parseInviteLink(`${BASE}#/join/${ID}/${KEY}?epoch=${epoch}`);
    expect(parsed).toMatchObject({ ok: false, code: 'INVITE_INVALID_EPOCH' });
  });

  it('refuses two epochs, and makes no link of a bad one', () => {
    expect(parseInviteLink(`${BASE}#/join/${ID}/${KEY}?epoch=1&epoch=2`)).toMatchObject({
      ok: false,
      code: 'INVITE_INVALID_EPOCH',
    });
    for (const epoch of [-1, 0.5, Number.NaN]) {
      expect(
        thrown(() => makeInviteLink(BASE, { campaignId: ID, tableKey: KEY, epoch })).code,
      ).toBe('INVITE_INVALID_EPOCH');
    }
  });
});
