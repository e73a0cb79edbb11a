import type { Scene } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { sceneFormValues, scenePatchOf } from './sceneFormValues';
import { newSceneRecord } from './sceneWrites';

const scene: Scene = newSceneRecord('s1', 'Crypt', 0);

describe('the scene settings form', () => {
  it('gives back the scene it was filled from', () => {
    const { id: _id, order: _order, background: _background, ...fields } = scene;
    expect(scenePatchOf(sceneFormValues(scene))).toEqual({ ok: true, patch: fields });
  });

  it('reads a new grid', () => {
    const parsed = scenePatchOf({
      ...sceneFormValues(scene),
      name: '  The crypt  ',
      gridType: 'hexColumns',
      gridSize: '72.5',
      offsetX: '-10',
      units: 'm',
      distance: '1.5',
    });
    expect(parsed).toMatchObject({
      ok: true,
      patch: {
        name: 'The crypt',
        grid: { type: 'hexColumns', size: 72.5, offsetX: -10, distance: 1.5, units: 'm' },
      },
    });
  });

  it('leaves the background alone: the picker saves it on its own', () => {
    const withBackground = { ...scene, background: 'b'.repeat(64) };
    const parsed = scenePatchOf(sceneFormValues(withBackground));
    expect(parsed.ok).toBe(true);
    expect(Object.keys(parsed.ok ? parsed.patch : {})).not.toContain('background');
  });

  it.each([
    [{ name: ' ' }, 'needs a name'],
    [{ width: '12px' }, 'The width must be'],
    [{ height: '0' }, 'The height must be'],
    [{ gridSize: '' }, 'The cell size must be'],
    [{ offsetY: 'up' }, 'The y offset must be'],
    [{ distance: '-5' }, 'The distance per cell must be'],
    [{ gridColor: 'red' }, 'like #336699'],
    [{ units: '' }, 'units'],
    [{ gridType: 'triangles' }, 'kind of grid'],
  ])('refuses %o with a reason', (change, reason) => {
    const parsed = scenePatchOf({ ...sceneFormValues(scene), ...change });
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem).toContain(reason);
  });
});
