import { ANNOTATION_LIMITS, type AnnotationRecord, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toYValue } from '../doc/yRecords';
import { applyAnnotationEdit, readAnnotations, ruleAnnotationEdit } from './annotationRules';

const GM = { userId: 'gmGGGGGGGGGGGGGGGGGGGG', isGm: true };
const ANN = { userId: 'annAAAAAAAAAAAAAAAAAAA', isGm: false };
const BOB = { userId: 'bobBBBBBBBBBBBBBBBBBBB', isGm: false };

function record(id: string, author: string, fields: Partial<AnnotationRecord> = {}) {
  return {
    id,
    sceneId: 's1',
    author,
    type: 'geo',
    x: 10,
    y: 20,
    rotation: 0,
    props: { geo: 'rectangle', w: 100, h: 50 },
    at: 1,
    ...fields,
  } as AnnotationRecord;
}

function tableWith(...records: AnnotationRecord[]): Y.Doc {
  const table = new Y.Doc();
  const map = table.getMap(TABLE_MAPS.annotations);
  for (const r of records) map.set(r.id, toYValue(r));
  return table;
}

describe('ruleAnnotationEdit', () => {
  it('lets a player draw as themselves, and not in another name', () => {
    const table = tableWith();
    expect(
      ruleAnnotationEdit(table, ANN, { kind: 'put', record: record('a1', ANN.userId) }).ok,
    ).toBe(true);
    expect(
      ruleAnnotationEdit(table, ANN, { kind: 'put', record: record('a1', BOB.userId) }),
    ).toEqual({ ok: false, reason: 'you can only draw as yourself' });
  });

  it('lets a player erase and change only their own; a GM any', () => {
    const table = tableWith(record('mine', ANN.userId), record('gms', GM.userId));
    expect(ruleAnnotationEdit(table, ANN, { kind: 'delete', id: 'mine' }).ok).toBe(true);
    expect(ruleAnnotationEdit(table, ANN, { kind: 'delete', id: 'gms' })).toEqual({
      ok: false,
      reason: 'only its author or a GM may erase this',
    });
    const moved = record('gms', GM.userId, { x: 500 });
    expect(ruleAnnotationEdit(table, ANN, { kind: 'put', record: moved }).ok).toBe(false);
    expect(ruleAnnotationEdit(table, GM, { kind: 'delete', id: 'mine' }).ok).toBe(true);
    // A GM changes a player's drawing, which stays the player's.
    const edited = record('mine', ANN.userId, { x: 7 });
    expect(ruleAnnotationEdit(table, GM, { kind: 'put', record: edited }).ok).toBe(true);
    const stolen = record('mine', GM.userId);
    expect(ruleAnnotationEdit(table, GM, { kind: 'put', record: stolen })).toEqual({
      ok: false,
      reason: 'a drawing keeps its author',
    });
  });

  it('refuses a drawing that breaks the schema or the caps, with the reason', () => {
    const table = tableWith();
    const huge = record('big', ANN.userId, {
      props: { text: 'x'.repeat(ANNOTATION_LIMITS.propsChars) },
    });
    const verdict = ruleAnnotationEdit(table, ANN, { kind: 'put', record: huge });
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toContain('at most');
    const many = Array.from({ length: ANNOTATION_LIMITS.perAuthorPerScene }, (_, i) =>
      record(`n${i}`, ANN.userId),
    );
    const full = tableWith(...many);
    expect(
      ruleAnnotationEdit(full, ANN, { kind: 'put', record: record('one', ANN.userId) }).ok,
    ).toBe(false);
    // Another scene, or another author, is not counted against it.
    const elsewhere = record('one', ANN.userId, { sceneId: 's2' });
    expect(ruleAnnotationEdit(full, ANN, { kind: 'put', record: elsewhere }).ok).toBe(true);
    expect(ruleAnnotationEdit(full, BOB, { kind: 'put', record: record('b', BOB.userId) }).ok).toBe(
      true,
    );
  });

  it('refuses erasing what is not there', () => {
    expect(ruleAnnotationEdit(tableWith(), GM, { kind: 'delete', id: 'x' })).toEqual({
      ok: false,
      reason: 'there is no such drawing',
    });
  });
});

describe('applyAnnotationEdit', () => {
  it('writes a ruled edit into the table doc, which reads it back', () => {
    const table = tableWith();
    const mine = record('mine', ANN.userId);
    applyAnnotationEdit(table, { kind: 'put', record: mine });
    expect(readAnnotations(table).get('mine')).toEqual(mine);
    applyAnnotationEdit(table, { kind: 'delete', id: 'mine' });
    expect(readAnnotations(table).size).toBe(0);
  });

  it('skips stored records that fail their schema', () => {
    const table = tableWith(record('ok', ANN.userId));
    table.getMap(TABLE_MAPS.annotations).set('bad', toYValue({ id: 'bad' }));
    expect([...readAnnotations(table).keys()]).toEqual(['ok']);
  });
});
