import { describe, expect, it } from 'vitest';
import { templateRecordSchema, templateShapeSchema } from './templateRecords';

describe('templateShapeSchema', () => {
  it('accepts the four kinds with their own fields', () => {
    for (const shape of [
      { kind: 'circle', x: 140, y: 140, radius: 280 },
      { kind: 'cone', x: 0, y: 0, direction: 45, length: 210, angle: 53.13 },
      { kind: 'line', x: 0, y: 0, direction: -90, length: 700, width: 70 },
      { kind: 'square', x: 35, y: 35, direction: 0, side: 140 },
    ]) {
      expect(templateShapeSchema.safeParse(shape).success, shape.kind).toBe(true);
    }
  });

  it('refuses another kind’s fields, sizes of zero and cones of 180° or more', () => {
    for (const shape of [
      { kind: 'circle', x: 0, y: 0, radius: 0 },
      { kind: 'circle', x: 0, y: 0, radius: 10, direction: 0 },
      { kind: 'cone', x: 0, y: 0, direction: 0, length: 10, angle: 180 },
      { kind: 'cone', x: 0, y: 0, direction: 0, length: 10, angle: 0 },
      { kind: 'line', x: 0, y: 0, direction: 0, length: 10 },
      { kind: 'square', x: 0, y: 0, direction: Number.POSITIVE_INFINITY, side: 10 },
      { kind: 'hexagon', x: 0, y: 0 },
    ]) {
      expect(templateShapeSchema.safeParse(shape).success, JSON.stringify(shape)).toBe(false);
    }
  });
});

describe('templateRecordSchema', () => {
  it('wraps a shape with its id, scene and colour', () => {
    const record = {
      id: 'tpl1',
      sceneId: 'crypt',
      shape: { kind: 'circle', x: 0, y: 0, radius: 70 },
      color: '#ff8800',
    };
    expect(templateRecordSchema.parse(record)).toEqual(record);
    expect(templateRecordSchema.safeParse({ ...record, color: 'orange' }).success).toBe(false);
  });
});
