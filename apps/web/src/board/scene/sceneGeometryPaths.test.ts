import { SCENE_GEOMETRY_FORMAT, type SceneGeometry } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { geometryPaths } from './sceneGeometryPaths';

const geometry: SceneGeometry = {
  format: SCENE_GEOMETRY_FORMAT,
  v: 1,
  width: 400,
  height: 300,
  walls: [
    [0, 0, 100, 0, 100, 50],
    [10, 10, 20, 20],
  ],
  objectWalls: [[50, 50, 60, 60]],
  doors: [
    { x: 5, y: 0, x1: 0, y1: 0, x2: 10, y2: 0, rotation: 0, closed: true, freestanding: false },
  ],
  lights: [{ x: 200, y: 150, range: 120, intensity: 1, color: '#ffcc66', alpha: 1, shadows: true }],
  bakedLighting: false,
  ambientLight: null,
};

describe('geometryPaths', () => {
  it('draws every wall of a kind as one path, and each door as a segment', () => {
    const paths = geometryPaths(geometry);
    expect(paths.walls).toBe('M0 0L100 0L100 50M10 10L20 20');
    expect(paths.objectWalls).toBe('M50 50L60 60');
    expect(paths.doors).toBe('M0 0L10 0');
    expect(paths.lights).toHaveLength(1);
    expect([paths.width, paths.height]).toEqual([400, 300]);
  });

  it('draws no lights when the map’s image shows them already', () => {
    expect(geometryPaths({ ...geometry, bakedLighting: true }).lights).toEqual([]);
  });
});
