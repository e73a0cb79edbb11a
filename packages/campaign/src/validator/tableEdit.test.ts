import type { JsonObject } from '@meshtable/sandbox';
import { ACTIVE_SCENE_META_KEY, GM_MAPS, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ChangeError } from '../doc/changes';
import type { TableChange } from '../doc/tableCollections';
import { toYValue } from '../doc/yRecords';
import { sceneRecord, tokenRecord } from '../testing/records';
import { applyTableEdit, planTableEdit, sceneBelongings } from './tableEdit';

const AUTHOR = 'a'.repeat(22);

const fogEdit = (sceneId: string, id: string, seq = 0): JsonObject => ({
  id,
  sceneId,
  seq,
  mode: 'reveal',
  shape: 'rect',
  x: 0,
  y: 0,
  w: 140,
  h: 70,
});

const template = (id: string, sceneId: string): JsonObject => ({
  id,
  sceneId,
  shape: { kind: 'circle', x: 70, y: 70, radius: 140 },
  color: '#cc3300',
});

const annotation = (id: string, sceneId: string): JsonObject => ({
  id,
  sceneId,
  author: AUTHOR,
  type: 'text',
  x: 0,
  y: 0,
  rotation: 0,
  props: {},
  at: 1,
});

/** A table with two scenes, each with a token, fog, a template and a drawing; the party on s1. */
function twoScenes(): { table: Y.Doc; gm: Y.Doc } {
  const table = new Y.Doc();
  const gm = new Y.Doc();
  table.transact(() => {
    for (const sceneId of ['s1', 's2']) {
      table.getMap(TABLE_MAPS.scenes).set(sceneId, toYValue(sceneRecord(sceneId)));
      table
        .getMap(TABLE_MAPS.tokens)
        .set(`t-${sceneId}`, toYValue(tokenRecord(`t-${sceneId}`, sceneId)));
      table.getMap(TABLE_MAPS.fog).set(`${sceneId}/f1`, fogEdit(sceneId, 'f1'));
      table
        .getMap(TABLE_MAPS.templates)
        .set(`k-${sceneId}`, toYValue(template(`k-${sceneId}`, sceneId)));
      table
        .getMap(TABLE_MAPS.annotations)
        .set(`d-${sceneId}`, toYValue(annotation(`d-${sceneId}`, sceneId)));
      table.getMap(TABLE_MAPS.combat).set(
        `c-${sceneId}`,
        toYValue({
          id: `c-${sceneId}`,
          sceneId,
          active: true,
          round: 1,
          turn: 0,
          combatants: [],
        }),
      );
    }
    table.getMap(TABLE_MAPS.meta).set(ACTIVE_SCENE_META_KEY, { sceneId: 's1' });
  });
  gm.getMap(GM_MAPS.scenes).set('hidden', toYValue(sceneRecord('hidden')));
  return { table, gm };
}

const keysOf = (table: Y.Doc, map: string) => [...table.getMap(map).keys()].sort();

describe('a table edit (the validator’s commit and the validating GM’s own writes)', () => {
  it('deletes what stands on a deleted scene, and nothing of the other scenes', () => {
    const docs = twoScenes();
    const { table } = docs;
    applyTableEdit([{ op: 'delete', collection: 'scenes', id: 's1', path: [] }], docs);
    expect(keysOf(table, TABLE_MAPS.scenes)).toEqual(['s2']);
    expect(keysOf(table, TABLE_MAPS.tokens)).toEqual(['t-s2']);
    expect(keysOf(table, TABLE_MAPS.fog)).toEqual(['s2/f1']);
    expect(keysOf(table, TABLE_MAPS.templates)).toEqual(['k-s2']);
    expect(keysOf(table, TABLE_MAPS.annotations)).toEqual(['d-s2']);
    expect(keysOf(table, TABLE_MAPS.combat)).toEqual(['c-s2']);
    // The party stood on it: it stands nowhere now.
    expect(table.getMap(TABLE_MAPS.meta).has(ACTIVE_SCENE_META_KEY)).toBe(false);
  });

  it('lists a scene’s belongings as it finds them when asked', () => {
    const { table } = twoScenes();
    expect(
      sceneBelongings(table, 's2').map((change) => `${change.collection}/${change.id}`),
    ).toEqual(['tokens/t-s2', 'combat/c-s2', 'annotations/d-s2', 'templates/k-s2', 'fog/s2/f1']);
  });

  it('stores fog edits and the party’s place as plain JSON, and templates as records', () => {
    const docs = twoScenes();
    const { table } = docs;
    applyTableEdit(
      [
        { op: 'set', collection: 'fog', id: 's2/f2', path: [], value: fogEdit('s2', 'f2', 1) },
        { op: 'set', collection: 'templates', id: 'k2', path: [], value: template('k2', 's2') },
        { op: 'set', collection: 'templates', id: 'k2', path: ['color'], value: '#000000' },
        {
          op: 'set',
          collection: 'meta',
          id: ACTIVE_SCENE_META_KEY,
          path: [],
          value: { sceneId: 'hidden' },
        },
      ],
      docs,
    );
    expect(table.getMap(TABLE_MAPS.fog).get('s2/f2')).toEqual(fogEdit('s2', 'f2', 1));
    expect(table.getMap(TABLE_MAPS.templates).get('k2')).toBeInstanceOf(Y.Map);
    expect(table.getMap(TABLE_MAPS.templates).toJSON().k2).toEqual({
      ...template('k2', 's2'),
      color: '#000000',
    });
    // A hidden scene, which the validating device reveals as the GM asked (gm doc), will do.
    expect(table.getMap(TABLE_MAPS.meta).get(ACTIVE_SCENE_META_KEY)).toEqual({ sceneId: 'hidden' });
  });

  it('refuses a malformed fog edit, a template or party on no scene, other meta keys, writing nothing', () => {
    const docs = twoScenes();
    const before = JSON.stringify(docs.table.toJSON());
    const refused: [TableChange, RegExp][] = [
      // Under another key than its own.
      [
        { op: 'set', collection: 'fog', id: 's2/zz', path: [], value: fogEdit('s2', 'f2') },
        /must be its key/,
      ],
      // Not a fog key at all.
      [{ op: 'delete', collection: 'fog', id: 'f1', path: [] }, /is no key of fog/],
      // Out of bounds.
      [
        {
          op: 'set',
          collection: 'fog',
          id: 's2/f3',
          path: [],
          value: { ...fogEdit('s2', 'f3'), w: -5 },
        },
        /fog\/s2\/f3 would be invalid: w/,
      ],
      // Fog edits are written once, whole.
      [{ op: 'set', collection: 'fog', id: 's2/f1', path: ['x'], value: 5 }, /replaced whole/],
      [
        { op: 'set', collection: 'fog', id: 'gone/f2', path: [], value: fogEdit('gone', 'f2') },
        /no scene "gone"/,
      ],
      [
        { op: 'set', collection: 'templates', id: 'k9', path: [], value: template('k9', 'gone') },
        /no scene "gone"/,
      ],
      [
        {
          op: 'set',
          collection: 'meta',
          id: ACTIVE_SCENE_META_KEY,
          path: [],
          value: { sceneId: 'gone' },
        },
        /no scene "gone"/,
      ],
      [{ op: 'delete', collection: 'meta', id: 'gms', path: [] }, /"gms" is no key of meta/],
      [
        { op: 'set', collection: 'meta', id: 'dice', path: [], value: {} },
        /"dice" is no key of meta/,
      ],
    ];
    for (const [change, reason] of refused) {
      const attempt = () =>
        applyTableEdit(
          [
            { op: 'set', collection: 'fog', id: 's1/ok', path: [], value: fogEdit('s1', 'ok') },
            change,
          ],
          docs,
        );
      expect(attempt).toThrow(ChangeError);
      expect(attempt).toThrow(reason);
    }
    expect(JSON.stringify(docs.table.toJSON())).toBe(before);
  });

  it('places fog on a scene the same edit makes, and refuses it on one the same edit deletes', () => {
    const docs = twoScenes();
    expect(
      planTableEdit(
        [
          {
            op: 'set',
            collection: 'scenes',
            id: 's3',
            path: [],
            value: sceneRecord('s3') as never,
          },
          { op: 'set', collection: 'fog', id: 's3/f1', path: [], value: fogEdit('s3', 'f1') },
        ],
        docs,
      ).map((entry) => `${entry.collection}/${entry.id}`),
    ).toEqual(['scenes/s3', 'fog/s3/f1']);
    expect(() =>
      planTableEdit(
        [
          { op: 'delete', collection: 'scenes', id: 's2', path: [] },
          { op: 'set', collection: 'fog', id: 's2/f9', path: [], value: fogEdit('s2', 'f9') },
        ],
        docs,
      ),
    ).toThrow(/no scene "s2"/);
  });
});
