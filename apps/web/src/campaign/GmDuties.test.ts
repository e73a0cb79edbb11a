import {
  type AwarenessLike,
  createIdentity,
  fromYValue,
  IntentClient,
  type RulesHost,
} from '@meshtable/campaign';
import { TABLE_MAPS } from '@meshtable/schema';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { GmDuties } from './GmDuties';
import { newCampaign, syncInto } from './tableFixture';

const gm = createIdentity('Gemma', '#aa3355');
const pat = createIdentity('Pat', '#3355aa');

/** Awareness shared by the devices of one test, as a room's awareness would be. */
class FakeRoom {
  readonly states = new Map<number, Record<string, unknown>>();
  readonly listeners = new Set<() => void>();
  device(clientID: number): AwarenessLike {
    const room = this;
    return {
      clientID,
      getStates: () => room.states,
      setLocalStateField(field, value) {
        room.states.set(clientID, { ...room.states.get(clientID), [field]: value });
        for (const listener of [...room.listeners]) listener();
      },
      on: (_event, listener) => room.listeners.add(listener),
      off: (_event, listener) => room.listeners.delete(listener),
    };
  }
}

/** A module with no hooks: the core rules decide (enough for a join). */
const NO_HOOKS: RulesHost = {
  hooks: [],
  commands: [],
  call: () => Promise.reject(new Error('no hooks')),
};

const opened: GmDuties[] = [];
function duties(table: Y.Doc, gmDoc: Y.Doc, campaignId: string, validating: boolean[] = []) {
  const made = new GmDuties({
    table,
    gm: gmDoc,
    identity: gm,
    campaignId,
    gmIds: [gm.userId],
    onValidatingChange: (value) => validating.push(value),
    onProblem: () => {},
    onAudit: () => {},
  });
  opened.push(made);
  return made;
}
afterEach(() => {
  for (const made of opened.splice(0)) made.close();
});

/** Moves a token in a copy that is not the GM's, and brings the change back as a peer would. */
function intrude(table: Y.Doc): void {
  const intruder = new Y.Doc();
  syncInto(table, intruder);
  intruder.getMap(TABLE_MAPS.meta).set('schemaVersion', 999);
  syncInto(intruder, table);
}

describe('GmDuties', () => {
  it('wins the election at once on the GM device with its own copy, and audits from the start', () => {
    const { table, gm: gmDoc, campaignId } = newCampaign(gm);
    const validating: boolean[] = [];
    const made = duties(table, gmDoc, campaignId, validating);
    made.startAudit();
    made.elect(new FakeRoom().device(5));
    expect(made.validating).toBe(true);
    expect(validating).toEqual([true]);
    intrude(table);
    expect(table.getMap(TABLE_MAPS.meta).get('schemaVersion')).not.toBe(999);
    expect(made.writeAsGm((doc) => doc.getMap(TABLE_MAPS.meta).set('note', 1))).toBe(true);
    expect(table.getMap(TABLE_MAPS.meta).get('note')).toBe(1);
  });

  it('stops everything when a better claim arrives (another device of the GM), and writes nothing then', () => {
    const { table, gm: gmDoc, campaignId } = newCampaign(gm);
    const room = new FakeRoom();
    const validating: boolean[] = [];
    const later = duties(table, gmDoc, campaignId, validating);
    later.startAudit();
    later.elect(room.device(9));
    expect(later.validating).toBe(true);
    // The GM's other device, with a smaller client id, claims too: it wins.
    const otherTable = new Y.Doc();
    syncInto(table, otherTable);
    const other = duties(otherTable, gmDoc, campaignId);
    other.startAudit();
    other.elect(room.device(3));
    expect(other.validating).toBe(true);
    expect(later.validating).toBe(false);
    expect(validating).toEqual([true, false]);
    // No longer the audit here: a change from elsewhere stays.
    intrude(table);
    expect(table.getMap(TABLE_MAPS.meta).get('schemaVersion')).toBe(999);
    expect(later.writeAsGm(() => {})).toBe(false);
  });

  it('never validates on an empty copy: its audit stops before anything arrives', () => {
    const { table, gm: gmDoc, campaignId } = newCampaign(gm);
    const empty = new Y.Doc();
    const made = duties(empty, gmDoc, campaignId);
    made.startAudit();
    made.elect(new FakeRoom().device(1));
    expect(made.validating).toBe(false);
    // The campaign arrives from a peer: it is not undone.
    syncInto(table, empty);
    expect(empty.getMap(TABLE_MAPS.meta).get('campaign')).toBeDefined();
  });

  it('rules on intents only once the rules are loaded', async () => {
    const { table, gm: gmDoc, campaignId } = newCampaign(gm);
    const made = duties(table, gmDoc, campaignId);
    made.startAudit();
    made.elect(new FakeRoom().device(1));
    const client = new IntentClient({ doc: table, identity: pat, campaignId, gmIds: [gm.userId] });
    const { receipt } = client.requestJoin(pat.name, pat.color);
    await Promise.resolve();
    expect(table.getMap(TABLE_MAPS.receipts).size).toBe(0);
    made.setRules(NO_HOOKS);
    expect(await receipt).toMatchObject({ status: 'applied', by: gm.userId });
    const member = fromYValue(table.getMap(TABLE_MAPS.members).get(pat.userId));
    expect(member).toMatchObject({ status: 'pending', name: 'Pat' });
    client.close();
  });
});
