import { describe, expect, it } from 'vitest';
import { boardHash, inviteLink, parseRoute } from './route';

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
