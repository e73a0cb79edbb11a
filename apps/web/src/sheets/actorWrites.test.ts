import { parseSheet, type Sheet, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
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

function tableWithAna() {
  const table = new Y.Doc();
  table.transact(() =>
    createCharacter(table, SHEET, { id: 'a1', name: ' Ana ', type: 'character', owner: ANA }),
  );
  return table;
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

  it('refuses an empty name, writing nothing', () => {
    const table = new Y.Doc();
    expect(() =>
      createCharacter(table, SHEET, { id: 'a1', name: '  ', type: 'character', owner: null }),
    ).toThrow(/The character cannot be made: name/);
    expect(readActors(table)).toEqual([]);
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
    const table = tableWithAna();
    deleteCharacter(table, 'a1');
    expect(readActors(table)).toEqual([]);
    expect(() => deleteCharacter(table, 'a1')).toThrow('This character is no longer at the table.');
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
