import { applyTableEdit } from '@meshtable/campaign';
import { type Grid, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { keepTemplate, readKeptTemplates, removeKeptTemplate } from './keptTemplates';
import {
  DEFAULT_TEMPLATE_SETTINGS,
  describeTemplate,
  snapTemplateOrigin,
  templateFromDrag,
} from './templateDraft';
import { SRD_CONE_ANGLE } from './templateGeometry';

const grid: Grid = {
  type: 'square',
  size: 70,
  offsetX: 0,
  offsetY: 0,
  color: '#000000',
  distance: 5,
  units: 'ft',
};

describe('placing a template', () => {
  it('snaps the origin to the nearest cell corner or centre on squares, hex centres on hexes', () => {
    expect(snapTemplateOrigin(grid, { x: 72, y: 66 })).toEqual({ x: 70, y: 70 });
    expect(snapTemplateOrigin(grid, { x: 100, y: 110 })).toEqual({ x: 105, y: 105 });
    const hexes = { ...grid, type: 'hexRows' as const, size: 60 };
    expect(snapTemplateOrigin(hexes, { x: 31, y: 33 })).toEqual({ x: 30, y: 60 / Math.sqrt(3) });
    expect(snapTemplateOrigin({ ...grid, type: 'none' }, { x: 3, y: 4 })).toEqual({ x: 3, y: 4 });
  });

  it('grows a circle in whole cells, at least one', () => {
    const origin = { x: 700, y: 700 };
    const fireball = templateFromDrag(DEFAULT_TEMPLATE_SETTINGS, grid, origin, { x: 980, y: 720 });
    expect(fireball).toEqual({ kind: 'circle', x: 700, y: 700, radius: 280 });
    expect(describeTemplate(fireball, grid)).toBe('20 ft radius');
    const tiny = templateFromDrag(DEFAULT_TEMPLATE_SETTINGS, grid, origin, origin);
    expect(tiny).toMatchObject({ radius: 70 });
  });

  it('points cones and lines at the pointer, in 15° steps with Shift', () => {
    const cone = { ...DEFAULT_TEMPLATE_SETTINGS, kind: 'cone' as const };
    const free = templateFromDrag(cone, grid, { x: 0, y: 0 }, { x: 200, y: 20 });
    expect(free).toMatchObject({ kind: 'cone', length: 210, angle: SRD_CONE_ANGLE });
    expect(free.kind === 'cone' && free.direction).toBeCloseTo(5.71, 2);
    expect(templateFromDrag(cone, grid, { x: 0, y: 0 }, { x: 200, y: 20 }, true)).toMatchObject({
      direction: 0,
    });
    expect(describeTemplate(free, grid)).toBe('15 ft cone (53°)');
    const line = { ...DEFAULT_TEMPLATE_SETTINGS, kind: 'line' as const, lineWidth: 1 };
    const bolt = templateFromDrag(line, grid, { x: 0, y: 0 }, { x: 0, y: 7 * 70 });
    expect(bolt).toMatchObject({ kind: 'line', direction: 90, length: 490, width: 70 });
    expect(describeTemplate(bolt, grid)).toBe('35 × 5 ft line');
  });

  it('spans a square from its corner towards the pointer', () => {
    const square = { ...DEFAULT_TEMPLATE_SETTINGS, kind: 'square' as const };
    const cube = templateFromDrag(square, grid, { x: 140, y: 140 }, { x: 0, y: 200 });
    expect(cube).toEqual({ kind: 'square', x: 70, y: 210, direction: 0, side: 140 });
    expect(describeTemplate(cube, grid)).toBe('10 ft square');
  });
});

describe('kept templates', () => {
  it('keeps, lists by scene and removes', () => {
    const table = new Y.Doc();
    const shape = { kind: 'circle' as const, x: 0, y: 0, radius: 70 };
    keepTemplate(table, 's1', shape, '#ff8800', 'a');
    keepTemplate(table, 's2', shape, '#ff8800', 'b');
    expect(readKeptTemplates(table, 's1').map((t) => t.id)).toEqual(['a']);
    removeKeptTemplate(table, 'a');
    expect(readKeptTemplates(table, 's1')).toEqual([]);
    // A scene's deletion takes its templates along (packages/campaign tableEdit.ts).
    applyTableEdit([{ op: 'delete', collection: 'scenes', id: 's2', path: [] }], {
      table,
      gm: null,
    });
    expect(table.getMap(TABLE_MAPS.templates).size).toBe(0);
  });

  it('refuses a template that does not fit, writing nothing; reads past malformed ones', () => {
    const table = new Y.Doc();
    const shape = { kind: 'circle' as const, x: 0, y: 0, radius: 70 };
    expect(() => keepTemplate(table, 's1', shape, 'orange')).toThrow(
      expect.objectContaining({ code: 'BOARD_INVALID_RECORD' }),
    );
    expect(table.getMap(TABLE_MAPS.templates).size).toBe(0);
    table.getMap(TABLE_MAPS.templates).set('bad', { id: 'bad', sceneId: 's1' });
    const problems: string[] = [];
    expect(readKeptTemplates(table, 's1', (id) => problems.push(id))).toEqual([]);
    expect(problems).toEqual(['bad']);
  });
});
