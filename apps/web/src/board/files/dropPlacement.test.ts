import { describe, expect, it } from 'vitest';
import { newSceneRecord } from '../scene/sceneWrites';
import { dropCorner, tokenNameOf } from './dropPlacement';

// 30 × 20 cells of 50 px.
const scene = newSceneRecord('s1', 'Crypt', 0);

describe('tokenNameOf', () => {
  it('reads a file name as a token name', () => {
    expect(tokenNameOf('goblin_archer-2.png')).toBe('goblin archer 2');
    expect(tokenNameOf('Ogre chief.webp')).toBe('Ogre chief');
    expect(tokenNameOf('.png')).toBe('Token');
    expect(tokenNameOf('x'.repeat(150))).toHaveLength(100);
  });
});

describe('dropCorner', () => {
  it('puts a one-cell token in the cell its centre was dropped in', () => {
    expect(dropCorner(scene, { x: 130, y: 70 })).toEqual({ x: 100, y: 50 });
    expect(dropCorner(scene, { x: 149, y: 51 })).toEqual({ x: 100, y: 50 });
  });

  it('lines up the next images of one drop to the right', () => {
    expect(dropCorner(scene, { x: 130, y: 70 }, 1, 2)).toEqual({ x: 200, y: 50 });
  });

  it('keeps a drop at the edge, or past it, inside the scene', () => {
    expect(dropCorner(scene, { x: -40, y: 5 })).toEqual({ x: 0, y: 0 });
    expect(dropCorner(scene, { x: 1520, y: 1010 })).toEqual({ x: 1450, y: 950 });
  });

  it('snaps to hex centres on a hex grid, and not at all without a grid', () => {
    const hex = { ...scene, grid: { ...scene.grid, type: 'hexRows' as const } };
    const corner = dropCorner(hex, { x: 130, y: 70 });
    // The centre of cell (2, 1) of odd-r hexes 50 apart: x = 25 + 2·50 + 25, y = r + 1.5·r.
    const r = 50 / Math.sqrt(3);
    expect(corner.x + 25).toBeCloseTo(150);
    expect(corner.y + 25).toBeCloseTo(2.5 * r);
    const none = { ...scene, grid: { ...scene.grid, type: 'none' as const } };
    expect(dropCorner(none, { x: 130, y: 70 })).toEqual({ x: 105, y: 45 });
  });
});
