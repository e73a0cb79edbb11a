/**
 * The audit's rule for actors: an owner's direct edit of a field the sheet marks player-editable
 * stays; an edit of another field, of someone else's actor, or by a client no signed intent
 * names, is put back on every peer and reported.
 */
import { parseSheet, type Sheet, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toYValue } from '../doc/yRecords';
import { appendIntent } from '../testing/intentLog';
import { ARIA, BRAM, CAMPAIGN } from '../testing/intents';
import { memberRecord } from '../testing/records';
import { ownerEditablePaths } from './ownerWrites';
import { type AuditReport, TableAudit } from './TableAudit';

const SHEET: Sheet = (() => {
  const parsed = parseSheet({
    format: 1,
    actorType: 'character',
    title: { field: 'name' },
    defaults: { str: 10, level: 1, notes: '', gear: [] },
    sections: [
      {
        title: 'Main',
        fields: [
          { label: 'Name', field: 'name', type: 'text', editable: 'owner' },
          {
            label: 'Strength',
            field: 'data.str',
            type: 'number',
            min: 1,
            max: 30,
            editable: 'owner',
          },
          { label: 'Level', field: 'data.level', type: 'number', editable: 'gm' },
          { label: 'Notes', field: 'data.notes', type: 'textarea', editable: 'owner' },
          {
            label: 'Gear',
            field: 'data.gear',
            type: 'list',
            editable: 'owner',
            newItem: { name: '' },
            fields: [{ label: 'Item', field: 'name', type: 'text' }],
          },
        ],
      },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.sheet;
})();

const hero = {
  id: 'a1',
  type: 'character',
  name: 'Hero',
  image: null,
  owners: [ARIA.userId],
  data: { str: 10, level: 1, notes: '', gear: [] },
};

/** A GM peer (auditing, with the sheets) and two players' peers, all connected. */
function setUp(options: { sheets?: boolean } = {}) {
  const gm = new Y.Doc();
  gm.transact(() => {
    const members = gm.getMap(TABLE_MAPS.members);
    members.set(ARIA.userId, toYValue(memberRecord(ARIA, 'player')));
    members.set(BRAM.userId, toYValue(memberRecord(BRAM, 'player')));
    gm.getMap(TABLE_MAPS.actors).set('a1', toYValue(hero));
  });
  const docs = [gm, new Y.Doc(), new Y.Doc()];
  const [, aria, bram] = docs as [Y.Doc, Y.Doc, Y.Doc];
  for (const doc of docs.slice(1)) Y.applyUpdate(doc, Y.encodeStateAsUpdate(gm));
  for (const from of docs) {
    from.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'wire') return;
      for (const to of docs) if (to !== from) Y.applyUpdate(to, update, 'wire');
    });
  }
  const reports: AuditReport[] = [];
  const audit = new TableAudit({ table: gm, onReport: (report) => reports.push(report) });
  audit.start();
  if (options.sheets !== false) audit.setSheets({ character: SHEET });
  // Each player's device has sent a signed intent: the audit knows whom it writes for.
  appendIntent(aria, CAMPAIGN, ARIA, 'roll', { notation: '1d20' });
  appendIntent(bram, CAMPAIGN, BRAM, 'roll', { notation: '1d20' });
  return { gm, aria, bram, reports };
}

const stored = (doc: Y.Doc) => doc.getMap(TABLE_MAPS.actors).get('a1') as Y.Map<unknown>;
const dataOf = (doc: Y.Doc) => stored(doc).get('data') as Y.Map<unknown>;
const actorOn = (doc: Y.Doc) => stored(doc).toJSON();

describe('TableAudit and owners’ direct sheet edits', () => {
  it('keeps an owner’s edit of a player-editable field, a list and the name', () => {
    const { gm, aria, reports } = setUp();
    aria.transact(() => {
      dataOf(aria).set('str', 16);
      dataOf(aria).set('gear', [{ name: 'rope' }]);
      stored(aria).set('name', 'Heroine');
    });
    const expected = {
      ...hero,
      name: 'Heroine',
      data: { ...hero.data, str: 16, gear: [{ name: 'rope' }] },
    };
    for (const doc of [gm, aria]) expect(actorOn(doc)).toEqual(expected);
    expect(reports).toEqual([]);
  });

  it('puts back an owner’s edit of a field the sheet leaves to the GM, keeping the rest', () => {
    const { gm, aria, bram, reports } = setUp();
    aria.transact(() => {
      dataOf(aria).set('level', 20);
      dataOf(aria).set('str', 12);
    });
    for (const doc of [gm, aria, bram]) {
      expect(actorOn(doc)).toEqual({ ...hero, data: { ...hero.data, str: 12 } });
    }
    expect(reports.map((report) => `${report.what} ${report.where}`)).toEqual([
      'changed actors/a1',
    ]);
  });

  it('puts back a value that does not fit its field', () => {
    const { gm, aria, reports } = setUp();
    dataOf(aria).set('str', 99);
    dataOf(aria).set('notes', 42);
    for (const doc of [gm, aria]) expect(actorOn(doc)).toEqual(hero);
    expect(reports).toHaveLength(2);
  });

  it('puts back another player’s edit of someone else’s actor', () => {
    const { gm, aria, bram, reports } = setUp();
    dataOf(bram).set('str', 3);
    stored(bram).set('name', 'Mine');
    for (const doc of [gm, aria, bram]) expect(actorOn(doc)).toEqual(hero);
    expect(reports.map((report) => report.where)).toEqual(['actors/a1', 'actors/a1']);
  });

  it('puts back an edit by a client that no signed intent names, and a copied intent earns nothing', () => {
    const { gm, aria, reports } = setUp();
    const stranger = new Y.Doc();
    Y.applyUpdate(stranger, Y.encodeStateAsUpdate(gm));
    // The stranger copies Aria's signed intent into her log, then edits her sheet.
    const copied = aria.getArray(`intents/${ARIA.userId}`).get(0);
    stranger.getArray(`intents/${ARIA.userId}`).push([copied]);
    dataOf(stranger).set('str', 4);
    Y.applyUpdate(gm, Y.encodeStateAsUpdate(stranger, Y.encodeStateVector(gm)));
    expect(actorOn(gm)).toEqual(hero);
    expect(reports.map((report) => report.where)).toContain('actors/a1');
  });

  it('credits a device whose entry a tampered copy (its signature, another payload) reached the GM before', () => {
    const { gm, reports } = setUp();
    // Aria's second device, not yet connected: its first entry, and a stranger who saw it.
    const phone = new Y.Doc();
    Y.applyUpdate(phone, Y.encodeStateAsUpdate(gm));
    const genuine = appendIntent(phone, CAMPAIGN, ARIA, 'roll', { notation: '2d6' });
    const stranger = new Y.Doc();
    Y.applyUpdate(stranger, Y.encodeStateAsUpdate(gm));
    stranger
      .getArray(`intents/${ARIA.userId}`)
      .push([{ ...genuine, payload: { notation: '20d20' } }]);
    Y.applyUpdate(gm, Y.encodeStateAsUpdate(stranger, Y.encodeStateVector(gm)));
    // Then the phone's entry and its edit arrive: the entry is Aria's, so is the edit.
    dataOf(phone).set('notes', 'from my phone');
    Y.applyUpdate(gm, Y.encodeStateAsUpdate(phone, Y.encodeStateVector(gm)));
    expect(actorOn(gm)).toEqual({ ...hero, data: { ...hero.data, notes: 'from my phone' } });
    expect(reports.map((report) => report.where)).not.toContain('actors/a1');
  });

  it('puts back a player making themselves an owner, or deleting the name or the data', () => {
    const { gm, aria, bram, reports } = setUp();
    stored(bram).set('owners', [ARIA.userId, BRAM.userId]);
    dataOf(bram).set('str', 5);
    stored(aria).delete('name');
    stored(aria).delete('data');
    for (const doc of [gm, aria, bram]) expect(actorOn(doc)).toEqual(hero);
    expect(reports).toHaveLength(4);
  });

  it('leaves a deleted field, and judges what is written there next against its old value', () => {
    const { gm, aria, bram, reports } = setUp();
    // A deletion names nobody: it may be half of an edit whose new value comes later.
    dataOf(bram).delete('notes');
    const { notes: _notes, ...withoutNotes } = hero.data;
    expect(actorOn(gm)).toEqual({ ...hero, data: withoutNotes });
    expect(reports).toEqual([]);
    // Bram's value there is his no more than before: the old value comes back.
    dataOf(bram).set('notes', 'mine');
    for (const doc of [gm, aria, bram]) expect(actorOn(doc)).toEqual(hero);
    expect(reports).toHaveLength(1);
  });

  it('judges what follows a deleted field against its old value across the GM’s own writes elsewhere', () => {
    const { gm, aria, bram, reports } = setUp();
    dataOf(bram).delete('notes');
    // The validating GM writes another record of the same map, and a receipt: its own writes.
    gm.transact(() => {
      gm.getMap(TABLE_MAPS.actors).set('a2', toYValue({ ...hero, id: 'a2', owners: [] }));
      gm.getMap(TABLE_MAPS.receipts).set('r1', toYValue({ note: 'anything the GM writes' }));
    });
    dataOf(bram).set('notes', 'mine');
    for (const doc of [gm, aria, bram]) expect(stored(doc).toJSON()).toEqual(hero);
    expect(reports).toHaveLength(1);
  });

  it('keeps an owner’s value that arrives after the deletion it replaces', () => {
    const { gm, reports } = setUp();
    // Aria's phone, known by its signed intent, whose updates reach the GM by hand here.
    const phone = new Y.Doc();
    Y.applyUpdate(phone, Y.encodeStateAsUpdate(gm));
    appendIntent(phone, CAMPAIGN, ARIA, 'roll', { notation: '1d6' });
    Y.applyUpdate(gm, Y.encodeStateAsUpdate(phone, Y.encodeStateVector(gm)), 'wire');
    const before = Y.encodeStateVector(phone);
    dataOf(phone).set('notes', 'brave');
    const update = Y.encodeStateAsUpdate(phone, before);
    // Out of order: the deletion of the old value first (an update's delete set without its items).
    Y.applyUpdate(gm, Y.diffUpdate(update, Y.encodeStateVector(phone)), 'wire');
    expect(actorOn(gm).data).not.toHaveProperty('notes');
    Y.applyUpdate(gm, update, 'wire');
    expect(actorOn(gm)).toEqual({ ...hero, data: { ...hero.data, notes: 'brave' } });
    expect(reports).toEqual([]);
  });

  it('before the sheets are known, keeps owners’ data edits and puts back their name edits', () => {
    const { gm, aria, reports } = setUp({ sheets: false });
    dataOf(aria).set('level', 2);
    stored(aria).set('name', 'Other');
    expect(actorOn(gm)).toEqual({ ...hero, data: { ...hero.data, level: 2 } });
    expect(reports).toHaveLength(1);
  });
});

describe('ownerEditablePaths', () => {
  it('lists the name, fields and lists marked "owner", as actor paths', () => {
    expect(ownerEditablePaths(SHEET)).toEqual([
      ['name'],
      ['data', 'str'],
      ['data', 'notes'],
      ['data', 'gear'],
    ]);
  });
});
