import { createIdentity, readMembers } from '@meshtable/campaign';
import { describe, expect, it } from 'vitest';
import { admitMember, pendingMembers } from './admitMember';
import { newCampaign, putMember } from './tableFixture';

const gm = createIdentity('Gemma', '#aa3355');
const pat = createIdentity('Pat', '#3355aa');
const kim = createIdentity('Kim', '#33aa55');

describe('admitting a member', () => {
  it('lists who waits, and admits them field by field', () => {
    const { table } = newCampaign(gm);
    putMember(table, pat, 'pending');
    putMember(table, kim, 'kicked');
    expect(pendingMembers(table).map((m) => m.name)).toEqual(['Pat']);
    expect(admitMember(table, pat.userId)).toBe(true);
    expect(readMembers(table).get(pat.userId)).toMatchObject({ status: 'member', role: 'player' });
    expect(pendingMembers(table)).toEqual([]);
  });

  it('leaves alone anyone who is not pending: a kicked member stays out', () => {
    const { table } = newCampaign(gm);
    putMember(table, kim, 'kicked');
    expect(admitMember(table, kim.userId)).toBe(false);
    expect(admitMember(table, 'nobody')).toBe(false);
    expect(readMembers(table).get(kim.userId)?.status).toBe('kicked');
  });
});
