import type { Change, JsonObject } from '@meshtable/sandbox';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ChangeError, commitChanges, planChanges } from './changes';
import type { TableCollection } from './tableCollections';
import { fromYValue, toYValue } from './yRecords';

const USER = 'AAAAAAAAAAAAAAAAAAAAAA';
const actor: JsonObject = {
  id: 'a1',
  type: 'character',
  name: 'Ana',
  image: null,
  owners: [USER],
  data: { hp: { value: 7, max: 10 }, notes: 'brave' },
};

function docWith(record: JsonObject): Y.Doc {
  const doc = new Y.Doc();
  doc.getMap('actors').set(record.id as string, toYValue(record));
  return doc;
}

const reader = (doc: Y.Doc) => (collection: TableCollection, id: string) =>
  fromYValue(doc.getMap(collection).get(id)) as JsonObject | undefined;

function commit(doc: Y.Doc, changes: Change[]): void {
  const planned = planChanges(changes, reader(doc));
  doc.transact(() => commitChanges(planned, (name) => doc.getMap(name)));
}

describe('planChanges and commitChanges', () => {
  it('set and delete fields, create and delete records', () => {
    const doc = docWith(actor);
    commit(doc, [
      { op: 'set', collection: 'actors', id: 'a1', path: ['data', 'hp', 'value'], value: 3 },
      { op: 'set', collection: 'actors', id: 'a1', path: ['data', 'conditions'], value: ['prone'] },
      { op: 'delete', collection: 'actors', id: 'a1', path: ['data', 'notes'] },
      {
        op: 'set',
        collection: 'actors',
        id: 'a2',
        path: [],
        value: { ...actor, id: 'a2', name: 'Bo' },
      },
    ]);
    expect(doc.getMap('actors').toJSON()).toEqual({
      a1: { ...actor, data: { hp: { value: 3, max: 10 }, conditions: ['prone'] } },
      a2: { ...actor, id: 'a2', name: 'Bo' },
    });
    commit(doc, [{ op: 'delete', collection: 'actors', id: 'a2', path: [] }]);
    expect([...doc.getMap('actors').keys()]).toEqual(['a1']);
  });

  it('applies nothing when any change breaks a record, and says which', () => {
    const doc = docWith(actor);
    const before = doc.getMap('actors').toJSON();
    const attempt = (changes: Change[]) => () => planChanges(changes, reader(doc));
    expect(
      attempt([
        { op: 'set', collection: 'actors', id: 'a1', path: ['data', 'hp', 'value'], value: 1 },
        { op: 'set', collection: 'actors', id: 'a1', path: ['name'], value: '' },
      ]),
    ).toThrow(/actors\/a1 would be invalid: name/);
    expect(
      attempt([{ op: 'set', collection: 'actors', id: 'a1', path: ['name', 'first'], value: 'x' }]),
    ).toThrow(ChangeError);
    expect(
      attempt([{ op: 'set', collection: 'actors', id: 'zz', path: ['name'], value: 'x' }]),
    ).toThrow('there is no such record');
    expect(
      attempt([{ op: 'set', collection: 'actors', id: 'a3', path: [], value: { ...actor } }]),
    ).toThrow("a record's id field must be its key");
    expect(doc.getMap('actors').toJSON()).toEqual(before);
  });

  it('writes only the fields that changed, so concurrent edits of other fields survive', () => {
    const gm = docWith(actor);
    const player = new Y.Doc();
    Y.applyUpdate(player, Y.encodeStateAsUpdate(gm));
    // At the same time: the validator sets hit points, the owner edits the notes.
    commit(gm, [
      { op: 'set', collection: 'actors', id: 'a1', path: ['data', 'hp', 'value'], value: 2 },
    ]);
    ((player.getMap('actors').get('a1') as Y.Map<unknown>).get('data') as Y.Map<unknown>).set(
      'notes',
      'wary',
    );
    Y.applyUpdate(gm, Y.encodeStateAsUpdate(player));
    Y.applyUpdate(player, Y.encodeStateAsUpdate(gm));
    for (const doc of [gm, player]) {
      expect(doc.getMap('actors').get('a1')).toBeInstanceOf(Y.Map);
      expect((doc.getMap('actors').toJSON() as Record<string, JsonObject>).a1?.data).toEqual({
        hp: { value: 2, max: 10 },
        notes: 'wary',
      });
    }
  });
});
