import type { TemplateShape } from '@meshtable/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cell, cellCentre, type GridLayout } from '../grid/gridGeometry';
import { coveredCells, coveredTokens, footprintCentres } from './templateCoverage';
import { SRD_CONE_ANGLE, templateContains } from './templateGeometry';

/** 70 px squares (5 ft each). */
const squares: GridLayout = { type: 'square', size: 70, offsetX: 0, offsetY: 0 };
const C = 70;
/** A grid corner: the corner shared by cells (9, 9), (10, 9), (9, 10) and (10, 10). */
const corner = { x: 10 * C, y: 10 * C };
const centreOf = (col: number, row: number) => ({ x: (col + 0.5) * C, y: (row + 0.5) * C });
const sorted = (cells: Cell[] | null) =>
  (cells ?? []).map((c) => `${c.col},${c.row}`).sort((a, b) => a.localeCompare(b));

describe('coveredCells on squares (a cell is covered when its centre is inside)', () => {
  it('covers 52 cells with a 20 ft sphere from a grid corner', () => {
    const fireball: TemplateShape = { kind: 'circle', ...corner, radius: 4 * C };
    // Per quadrant, centres at ½, 1½, 2½ and 3½ cells: 4 + 4 + 3 + 2 are within 4 cells.
    expect(coveredCells(fireball, squares)).toHaveLength(52);
  });

  it('counts a centre exactly on the edge as covered', () => {
    // A radius of one cell from a cell's centre reaches its four neighbours' centres exactly.
    const one: TemplateShape = { kind: 'circle', ...centreOf(5, 5), radius: C };
    expect(sorted(coveredCells(one, squares))).toEqual(['4,5', '5,4', '5,5', '5,6', '6,5']);
    const less: TemplateShape = { kind: 'circle', ...centreOf(5, 5), radius: C - 0.01 };
    expect(sorted(coveredCells(less, squares))).toEqual(['5,5']);
  });

  it('covers the cells on both sides of a line that runs along a grid line', () => {
    // 10 ft long, 5 ft wide, along the line between rows 4 and 5: both rows' centres are
    // exactly half the width away.
    const line: TemplateShape = {
      kind: 'line',
      x: 2 * C,
      y: 5 * C,
      direction: 0,
      length: 2 * C,
      width: C,
    };
    expect(sorted(coveredCells(line, squares))).toEqual(['2,4', '2,5', '3,4', '3,5']);
  });

  it('covers a straight line of cells pointing down, despite cos 90° not being 0 in floats', () => {
    const line: TemplateShape = {
      kind: 'line',
      x: 5.5 * C,
      y: 5 * C,
      direction: 90,
      length: 2 * C,
      width: C,
    };
    expect(sorted(coveredCells(line, squares))).toEqual(['5,5', '5,6']);
  });

  it('covers 4 cells with a 15 ft SRD cone from a grid corner, 5 from an edge’s middle', () => {
    const fromCorner: TemplateShape = {
      kind: 'cone',
      ...corner,
      direction: 0,
      length: 3 * C,
      angle: SRD_CONE_ANGLE,
    };
    // Its width at ½ cell is ¼ cell each side: no centre. At 1½ and 2½, the two centres
    // ½ cell off the axis.
    expect(sorted(coveredCells(fromCorner, squares))).toEqual(['11,10', '11,9', '12,10', '12,9']);
    const fromEdge: TemplateShape = { ...fromCorner, y: 10.5 * C };
    expect(sorted(coveredCells(fromEdge, squares))).toEqual([
      '10,10',
      '11,10',
      '12,10',
      '12,11',
      '12,9',
    ]);
  });

  it('covers 12 cells with a 15 ft 90° cone from a grid corner, its edge centres included', () => {
    const cone: TemplateShape = { kind: 'cone', ...corner, direction: 0, length: 3 * C, angle: 90 };
    // 2 + 4 + 6: at ½ cell along, the centres ½ cell across are on its edges.
    expect(coveredCells(cone, squares)).toHaveLength(12);
  });

  it('covers 9 cells with a 15 ft square on a cell, 16 on a grid corner (its edge centres)', () => {
    const onCell: TemplateShape = { kind: 'square', ...centreOf(5, 5), direction: 0, side: 3 * C };
    expect(coveredCells(onCell, squares)).toHaveLength(9);
    const onCorner: TemplateShape = { kind: 'square', ...corner, direction: 0, side: 3 * C };
    expect(coveredCells(onCorner, squares)).toHaveLength(16);
  });

  it('turns a square: 45° on a cell covers it and its four side neighbours', () => {
    const turned: TemplateShape = { kind: 'square', ...centreOf(5, 5), direction: 45, side: 2 * C };
    expect(sorted(coveredCells(turned, squares))).toEqual(['4,5', '5,4', '5,5', '5,6', '6,5']);
  });

  it('lists nothing on a scene without a grid, or for a template of too many cells', () => {
    const circle: TemplateShape = { kind: 'circle', x: 0, y: 0, radius: 100 };
    expect(coveredCells(circle, { ...squares, type: 'none' })).toBeNull();
    const huge: TemplateShape = { kind: 'circle', x: 0, y: 0, radius: 1000 * C };
    expect(coveredCells(huge, squares)).toBeNull();
    expect(coveredCells({ ...circle, radius: 3 * C }, squares, 5)).toBeNull();
  });
});

describe('coveredCells on hexes', () => {
  it('covers a hex and its six neighbours with a radius of one cell from its centre', () => {
    for (const type of ['hexRows', 'hexColumns'] as const) {
      const grid: GridLayout = { type, size: 60, offsetX: 0, offsetY: 0 };
      const centre = cellCentre(grid, { col: 4, row: 4 });
      if (centre === null) throw new Error('hex cells have centres');
      const cells = coveredCells({ kind: 'circle', ...centre, radius: 60 }, grid);
      expect(cells).toHaveLength(7);
    }
  });
});

describe('coveredCells finds every cell a search of the whole grid finds', () => {
  const shapeArb: fc.Arbitrary<TemplateShape> = fc.oneof(
    fc.record({
      kind: fc.constant('circle' as const),
      x: fc.double({ min: -300, max: 300, noNaN: true }),
      y: fc.double({ min: -300, max: 300, noNaN: true }),
      radius: fc.double({ min: 1, max: 250, noNaN: true }),
    }),
    fc.record({
      kind: fc.constant('cone' as const),
      x: fc.double({ min: -300, max: 300, noNaN: true }),
      y: fc.double({ min: -300, max: 300, noNaN: true }),
      direction: fc.double({ min: -360, max: 360, noNaN: true }),
      length: fc.double({ min: 1, max: 250, noNaN: true }),
      angle: fc.constantFrom(SRD_CONE_ANGLE, 90),
    }),
    fc.record({
      kind: fc.constant('line' as const),
      x: fc.double({ min: -300, max: 300, noNaN: true }),
      y: fc.double({ min: -300, max: 300, noNaN: true }),
      direction: fc.double({ min: -360, max: 360, noNaN: true }),
      length: fc.double({ min: 1, max: 250, noNaN: true }),
      width: fc.double({ min: 1, max: 100, noNaN: true }),
    }),
    fc.record({
      kind: fc.constant('square' as const),
      x: fc.double({ min: -300, max: 300, noNaN: true }),
      y: fc.double({ min: -300, max: 300, noNaN: true }),
      direction: fc.double({ min: -360, max: 360, noNaN: true }),
      side: fc.double({ min: 1, max: 250, noNaN: true }),
    }),
  );

  it('on squares, hex rows and hex columns, with offsets', () => {
    fc.assert(
      fc.property(
        shapeArb,
        fc.constantFrom('square', 'hexRows', 'hexColumns' as const),
        fc.integer({ min: -20, max: 20 }),
        (shape, type, offset) => {
          const grid: GridLayout = { type, size: 50, offsetX: offset, offsetY: -offset };
          const everywhere: string[] = [];
          for (let row = -15; row <= 15; row++) {
            for (let col = -15; col <= 15; col++) {
              const centre = cellCentre(grid, { col, row });
              if (centre !== null && templateContains(shape, centre))
                everywhere.push(`${col},${row}`);
            }
          }
          expect(sorted(coveredCells(shape, grid))).toEqual(
            everywhere.sort((a, b) => a.localeCompare(b)),
          );
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('coveredTokens', () => {
  const token = (id: string, col: number, row: number, size = 1) => ({
    id,
    x: col * C,
    y: row * C,
    size,
  });

  it('covers a token when the centre of any cell of its footprint is inside', () => {
    const fireball: TemplateShape = { kind: 'circle', ...corner, radius: 4 * C };
    const ogre = token('ogre', 13, 10, 2); // cells 13–14: (13, 10)’s centre is 3½ and ½ away
    const rat = token('rat', 14, 10); // 4½ cells away: outside
    const hero = token('hero', 9, 9);
    expect(coveredTokens(fireball, C, [ogre, rat, hero]).map((t) => t.id)).toEqual([
      'ogre',
      'hero',
    ]);
  });

  it('counts a token smaller than a cell by its centre', () => {
    const sprite = { id: 'sprite', x: 5 * C, y: 5 * C, size: 0.5 };
    expect(footprintCentres(C, sprite)).toEqual([{ x: 5 * C + C / 4, y: 5 * C + C / 4 }]);
    const tight: TemplateShape = { kind: 'circle', x: 5 * C + C / 4, y: 5 * C + C / 4, radius: 1 };
    expect(coveredTokens(tight, C, [sprite])).toHaveLength(1);
    expect(coveredTokens({ ...tight, x: 5 * C + C / 2 }, C, [sprite])).toHaveLength(0);
  });

  it('gives a 2 × 2 token the centres of its four cells', () => {
    expect(footprintCentres(C, token('ogre', 1, 1, 2))).toEqual([
      centreOf(1, 1),
      centreOf(2, 1),
      centreOf(1, 2),
      centreOf(2, 2),
    ]);
  });
});
