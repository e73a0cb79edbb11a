import type { Handout, Member } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { placementOf, sharedWithOf, sharingOf, visiblePages } from './handoutVisibility';

const GM = 'GGGGGGGGGGGGGGGGGGGGGG';
const ANN = 'AAAAAAAAAAAAAAAAAAAAAA';
const BOB = 'BBBBBBBBBBBBBBBBBBBBBB';
const CAT = 'CCCCCCCCCCCCCCCCCCCCCC';

function member(userId: string, status: Member['status'] = 'member'): Member {
  return {
    userId,
    publicKey: 'k'.repeat(43),
    name: userId.slice(0, 3),
    color: '#336699',
    role: userId === GM ? 'gm' : 'player',
    status,
    since: 1,
  };
}
const members = new Map([GM, ANN, BOB].map((id) => [id, member(id)]));
members.set(CAT, member(CAT, 'pending'));

const page = (sharedWith: Handout['sharedWith'], id = 'p1', name = 'Letter'): Handout => ({
  id,
  name,
  body: 'The **seal** is broken.',
  image: null,
  sharedWith,
});

describe('sharing', () => {
  it('reads an empty list as a draft, "all" as everyone, ids as chosen members', () => {
    expect(sharingOf(page([]))).toEqual({ kind: 'draft' });
    expect(sharingOf(page('all'))).toEqual({ kind: 'all' });
    expect(sharingOf(page([BOB, ANN, BOB]))).toEqual({ kind: 'some', readers: [ANN, BOB] });
    expect(sharedWithOf({ kind: 'some', readers: [BOB, ANN] })).toEqual([ANN, BOB]);
    expect(sharedWithOf({ kind: 'draft' })).toEqual([]);
  });
});

describe('placementOf', () => {
  it('puts a draft nowhere in the table doc', () => {
    expect(placementOf(page([]), members, GM)).toEqual({ everyone: null, sealedTo: null });
  });

  it('copies a page for everyone to the table doc as it is, and seals nothing', () => {
    const shared = page('all');
    expect(placementOf(shared, members, GM)).toEqual({ everyone: shared, sealedTo: null });
  });

  it('seals a page for Ann to Ann and its author only: never a copy in the clear', () => {
    const placement = placementOf(page([ANN]), members, GM);
    expect(placement).toMatchObject({ everyone: null });
    const sealedTo = 'sealedTo' in placement ? placement.sealedTo : null;
    expect(sealedTo?.map((reader) => reader.userId)).toEqual([ANN, GM]);
  });

  it('leaves out readers who are not members (yet), and refuses a page for none of them', () => {
    const placement = placementOf(page([ANN, CAT, 'XXXXXXXXXXXXXXXXXXXXXX']), members, GM);
    const sealedTo = 'sealedTo' in placement ? placement.sealedTo : null;
    expect(sealedTo?.map((reader) => reader.userId)).toEqual([ANN, GM]);
    expect(placementOf(page([CAT]), members, GM)).toEqual({ unknownReaders: [CAT] });
  });
});

describe('visiblePages', () => {
  const forAll = page('all', 'p1', 'Map of the keep');
  const forAnn = page([ANN, GM], 'p2', 'Ann’s dream');
  const draft = page([], 'p3', 'Boss notes');

  it('shows a player the pages for everyone and those opened for them, by title', () => {
    const seen = visiblePages({ gmPages: null, everyone: [forAll], openedForMe: [forAnn] });
    expect(seen.map((entry) => entry.page.name)).toEqual(['Ann’s dream', 'Map of the keep']);
    expect(seen.map((entry) => entry.sharing.kind)).toEqual(['some', 'all']);
  });

  it('shows a GM every page, drafts included, from the master copies', () => {
    const edited = { ...forAll, body: 'Edited' };
    const seen = visiblePages({
      gmPages: [edited, forAnn, draft],
      everyone: [forAll],
      openedForMe: [],
    });
    expect(seen.map((entry) => entry.page.id)).toEqual(['p2', 'p3', 'p1']);
    expect(seen.find((entry) => entry.page.id === 'p1')?.page.body).toBe('Edited');
  });
});
