import { createIdentity, IntentClient } from '@meshtable/campaign';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { needsJoinRequest } from './joinRequest';
import { newCampaign, putMember, syncInto } from './tableFixture';

const gm = createIdentity('Gemma', '#aa3355');
const pat = createIdentity('Pat', '#3355aa');

describe('needsJoinRequest', () => {
  it('waits for the campaign to arrive before asking', () => {
    expect(needsJoinRequest(new Y.Doc(), pat.userId)).toBe(false);
  });

  it('asks once: not again once my log holds a join, on this device or after a reload', () => {
    const { table, campaignId } = newCampaign(gm);
    const patsCopy = new Y.Doc();
    syncInto(table, patsCopy);
    expect(needsJoinRequest(patsCopy, pat.userId)).toBe(true);
    const client = new IntentClient({
      doc: patsCopy,
      identity: pat,
      campaignId,
      gmIds: [gm.userId],
    });
    // Nobody rules on it here: closing the client ends the ticket.
    client.requestJoin(pat.name, pat.color).receipt.catch(() => {});
    expect(needsJoinRequest(patsCopy, pat.userId)).toBe(false);
    // A reload: the same state, loaded into a fresh doc.
    const reloaded = new Y.Doc();
    syncInto(patsCopy, reloaded);
    expect(needsJoinRequest(reloaded, pat.userId)).toBe(false);
    client.close();
  });

  it('does not ask for someone the table knows already, whatever their status', () => {
    const { table } = newCampaign(gm);
    expect(needsJoinRequest(table, gm.userId)).toBe(false);
    putMember(table, pat, 'kicked');
    expect(needsJoinRequest(table, pat.userId)).toBe(false);
  });
});
