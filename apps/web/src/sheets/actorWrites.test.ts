import { parseSheet, type Sheet, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fakeTableWriter } from '../campaign/fakeTableWriter';
import { createCharacter, deleteCharacter, writeActorField } from './actorWrites';
import { readActors, visibleActors } from './readActors';

const SHEET: Sheet = (() => {
  const parsed = parseSheet({
    format: 1,
    actorType: 'character',
    title: { field: 'name' },
    defaults: { abilities: { str: 10 }, gear: [] },
    sections: [
      {
        title: 'Main',
        fields: [{ label: 'Strength', field: 'data.abilities.str', type: 'number' }],
      },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.sheet;
})();

const ANA = 'AAAAAAAAAAAAAAAAAAAAAA';
const BO = 'BBBBBBBBBBBBBBBBBBBBBB';

const ana = { id: 'a1', name: ' Ana ', type: 'character', owner: ANA } as const;

function tableWithAna() {
  const runner = fakeTableWriter({ role: 'gm', validating: true });
  expect(createCharacter(runner, SHEET, ana)).toBeNull();
  return runner.table;
}

describe('createCharacter', () => {
  it('makes an actor from the sheet’s defaults, owned by the chosen member', () => {
    const table = tableWithAna();
    expect(readActors(table)).toEqual([
      {
        id: 'a1',
        type: 'character',
        name: 'Ana',
        image: null,
        owners: [ANA],
        data: { abilities: { str: 10 }, gear: [] },
      },
    ]);
    // Nested objects are maps: an edit of one field is a write of that field alone.
    const stored = table.getMap(TABLE_MAPS.actors).get('a1') as Y.Map<unknown>;
    expect((stored.get('data') as Y.Map<unknown>).get('abilities')).toBeInstanceOf(Y.Map);
  });

  it('refuses an empty name, writing nothing and sending nothing', () => {
    for (const validating of [true, false]) {
      const gm = fakeTableWriter({ role: 'gm', validating });
      expect(() =>
        createCharacter(gm, SHEET, { id: 'a1', name: '  ', type: 'character', owner: null }),
      ).toThrow(/The character cannot be made: name/);
      expect(readActors(gm.table)).toEqual([]);
      expect(gm.sent).toEqual([]);
    }
  });

  it('is sent from a GM’s other device, and the table makes the same character', async () => {
    const phone = fakeTableWriter({ role: 'gm', validating: false });
    const sent = createCharacter(phone, SHEET, ana);
    expect(phone.sent).toMatchObject([{ kind: 'gm.edit' }]);
    expect(readActors(phone.table)).toEqual([]);
    phone.rule();
    await expect(sent?.receipt).resolves.toMatchObject({ status: 'applied' });
    expect(readActors(phone.table)).toEqual(readActors(tableWithAna()));

    const player = fakeTableWriter({ role: 'player', validating: false });
    expect(() => createCharacter(player, SHEET, ana)).toThrow(
      expect.objectContaining({ code: 'TABLE_NOT_GM' }),
    );
  });
});

describe('writeActorField', () => {
  it('sets one nested field in place, and the name', () => {
    const table = tableWithAna();
    const abilities = (
      (table.getMap(TABLE_MAPS.actors).get('a1') as Y.Map<unknown>).get('data') as Y.Map<unknown>
    ).get('abilities');
    table.transact(() => {
      writeActorField(table, 'a1', ['data', 'abilities', 'str'], 16);
      writeActorField(table, 'a1', ['data', 'gear'], [{ name: 'rope' }]);
      writeActorField(table, 'a1', ['name'], 'Anna');
    });
    const [actor] = readActors(table);
    expect(actor).toMatchObject({
      name: 'Anna',
      data: { abilities: { str: 16 }, gear: [{ name: 'rope' }] },
    });
    expect(
      (
        (table.getMap(TABLE_MAPS.actors).get('a1') as Y.Map<unknown>).get('data') as Y.Map<unknown>
      ).get('abilities'),
    ).toBe(abilities);
  });

  it('refuses a write that breaks the record or names no actor', () => {
    const table = tableWithAna();
    expect(() => writeActorField(table, 'a1', ['name'], '')).toThrow(/SHEET|invalid/i);
    expect(() => writeActorField(table, 'nobody', ['data', 'x'], 1)).toThrow(
      'This character is no longer at the table.',
    );
    expect(readActors(table)[0]?.name).toBe('Ana');
  });
});

describe('deleteCharacter and visibleActors', () => {
  it('deletes an actor, and says so when it is gone already', () => {
    const runner = fakeTableWriter({ role: 'gm', validating: true }, tableWithAna());
    expect(deleteCharacter(runner, 'a1')).toBeNull();
    expect(readActors(runner.table)).toEqual([]);
    expect(() => deleteCharacter(runner, 'a1')).toThrow(
      'This character is no longer at the table.',
    );
  });

  it('deletes an actor from a GM’s other device, through the table', async () => {
    const phone = fakeTableWriter({ role: 'gm', validating: false }, tableWithAna());
    const sent = deleteCharacter(phone, 'a1');
    expect(readActors(phone.table)).toHaveLength(1);
    phone.rule();
    await expect(sent?.receipt).resolves.toMatchObject({ status: 'applied' });
    expect(readActors(phone.table)).toEqual([]);
  });

  it('lists mine first, hides the GM’s characters from players, shows them to the GM', () => {
    const actor = (id: string, name: string, owners: string[]) => ({
      id,
      type: 'character',
      name,
      image: null,
      owners,
      data: {},
    });
    const all = [
      actor('n', 'Goblin', []),
      actor('b', 'Bruno', [BO]),
      actor('a', 'Zed', [ANA]),
      actor('c', 'Cara', [BO]),
    ];
    expect(visibleActors(all, ANA, false).map((a) => a.name)).toEqual(['Zed', 'Bruno', 'Cara']);
    expect(visibleActors(all, ANA, true).map((a) => a.name)).toEqual([
      'Zed',
      'Bruno',
      'Cara',
      'Goblin',
    ]);
  });
});
