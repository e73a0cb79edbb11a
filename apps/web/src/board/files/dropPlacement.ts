/**
 * Where an image dropped on the board becomes a token, and what it is called: pure, so the
 * placement is tested without a browser.
 */
import type { Scene } from '@meshtable/schema';
import { type Point, snapTokenPosition, tokenFootprint } from '../grid/gridGeometry';

/**
 * A token's name from its image's file name: the extension taken off, dashes and underscores
 * read as spaces ("goblin_archer-2.png" → "goblin archer 2"), within a name's 100 characters.
 */
export function tokenNameOf(fileName: string): string {
  const name = fileName
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/[_-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100)
    .trim();
  return name === '' ? 'Token' : name;
}

/**
 * The corner of a token of `sizeInCells` dropped with its centre at `point`, the `order`th of
 * one drop (each next one a footprint further right, so that several images do not stack),
 * snapped to the grid as a drag would snap it, and kept inside the scene.
 */
export function dropCorner(scene: Scene, point: Point, sizeInCells = 1, order = 0): Point {
  const side = tokenFootprint(scene.grid, sizeInCells);
  const wanted = { x: point.x - side / 2 + order * side, y: point.y - side / 2 };
  const inside = (corner: Point) => ({
    x: clamp(corner.x, 0, Math.max(0, scene.width - side)),
    y: clamp(corner.y, 0, Math.max(0, scene.height - side)),
  });
  // Kept inside before snapping (a drop at the very edge lands on the edge cell), and after (a
  // snap can round outward when the scene is not a whole number of cells).
  return inside(snapTokenPosition(scene.grid, sizeInCells, inside(wanted)));
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}
