import { createIdentity, makeInviteLink, tableRoom } from '@meshtable/campaign';
import { describe, expect, it } from 'vitest';
import { boardHash, campaignHash, inviteLink, parseRoute } from './route';

const KEY = 'AAAAAAAAAAAAAAAAAAAAAA';

describe('parseRoute', () => {
  it('shows the landing screen for an empty fragment or #/', () => {
    expect(parseRoute('')).toEqual({ kind: 'landing' });
    expect(parseRoute('#/')).toEqual({ kind: 'landing' });
  });

  it('opens a board from #/board/<room>/<key>', () => {
    expect(parseRoute(`#/board/abcdefgh23456789/${KEY}`)).toEqual({
      kind: 'board',
      room: 'abcdefgh23456789',
      tableKey: KEY,
    });
  });

  it('round-trips boardHash', () => {
    expect(parseRoute(boardHash('room-1', KEY))).toEqual({
      kind: 'board',
      room: 'room-1',
      tableKey: KEY,
    });
  });

  it('rejects damaged links with a reason instead of opening a wrong board', () => {
    expect(parseRoute('#/board/room-1')).toMatchObject({ kind: 'invalid' });
    expect(parseRoute(`#/board/room-1/${KEY.slice(0, 10)}`)).toMatchObject({
      kind: 'invalid',
      reason: expect.stringMatching(/key/),
    });
    expect(parseRoute(`#/board/bad%20room/${KEY}`)).toMatchObject({ kind: 'invalid' });
    expect(parseRoute(`#/board/room-1/${KEY}/extra`)).toMatchObject({ kind: 'invalid' });
    expect(parseRoute('#/elsewhere')).toMatchObject({ kind: 'invalid' });
  });
});

describe('inviteLink', () => {
  it('keeps origin and path, drops the query, carries the key only in the fragment', () => {
    expect(inviteLink({ origin: 'http://10.0.0.5:8080', pathname: '/' }, 'room-1', KEY)).toBe(
      `http://10.0.0.5:8080/#/board/room-1/${KEY}`,
    );
  });
});

describe('campaign routes', () => {
  const gm = createIdentity('Gemma', '#aa3355');
  const campaignId = 'Zm9vYmFyYmF6cXV4MTIzNA';

  it('opens a stored campaign from #/c/<id>, and round-trips campaignHash', () => {
    expect(parseRoute(`#/c/${campaignId}`)).toEqual({ kind: 'campaign', campaignId });
    expect(parseRoute(campaignHash(campaignId))).toEqual({ kind: 'campaign', campaignId });
  });

  it('refuses a campaign link without an id, with a bad one, or with extra parts', () => {
    expect(parseRoute('#/c')).toMatchObject({
      kind: 'invalid',
      reason: expect.stringMatching(/campaign/),
    });
    expect(parseRoute('#/c/bad%20id')).toMatchObject({ kind: 'invalid' });
    expect(parseRoute(`#/c/${campaignId}/more`)).toMatchObject({ kind: 'invalid' });
  });

  it('reads an invite, its GMs, relay and epoch included, from the fragment', () => {
    const link = makeInviteLink('https://table.example/', {
      campaignId,
      tableKey: KEY,
      relayUrl: 'https://relay.example',
      gmIds: [gm.userId],
    });
    const route = parseRoute(new URL(link).hash);
    expect(route).toEqual({
      kind: 'join',
      invite: {
        campaignId,
        tableKey: KEY,
        relayUrl: 'https://relay.example/',
        epoch: 0,
        room: campaignId,
        gmIds: [gm.userId],
      },
    });
    const later = makeInviteLink('https://table.example/', { campaignId, tableKey: KEY, epoch: 2 });
    expect(parseRoute(new URL(later).hash)).toMatchObject({
      kind: 'join',
      invite: { epoch: 2, room: tableRoom(campaignId, 2, KEY) },
    });
  });

  it("gives a damaged invite the invite parser's reason, never a half-read invite", () => {
    expect(parseRoute(`#/join/${campaignId}/${KEY.slice(0, 12)}`)).toMatchObject({
      kind: 'invalid',
      reason: expect.stringMatching(/cut short/),
    });
    expect(parseRoute(`#/join/${campaignId}`)).toMatchObject({ kind: 'invalid' });
    expect(parseRoute(`#/join/${campaignId}/${KEY}?gm=`)).toMatchObject({
      kind: 'invalid',
      reason: expect.stringMatching(/GM list/),
    });
  });
});
