/**
 * The scene settings form's text fields and the change they make: pure, so what a GM may type
 * is tested without a browser. Numbers are read strictly (no "12px"); the scene schema has the
 * last word when the change is saved. The background is not one of them: it is picked from the
 * library and saved at once (SceneSettingsForm.tsx), so a save of the form never undoes it.
 */
import type { Scene } from '@meshtable/schema';

/** The form's fields, as typed. */
export interface SceneFormValues {
  readonly name: string;
  readonly width: string;
  readonly height: string;
  readonly gridType: string;
  readonly gridSize: string;
  readonly offsetX: string;
  readonly offsetY: string;
  readonly gridColor: string;
  readonly distance: string;
  readonly units: string;
}

/** The fields of a scene as the form first shows them. */
export function sceneFormValues(scene: Scene): SceneFormValues {
  return {
    name: scene.name,
    width: String(scene.width),
    height: String(scene.height),
    gridType: scene.grid.type,
    gridSize: String(scene.grid.size),
    offsetX: String(scene.grid.offsetX),
    offsetY: String(scene.grid.offsetY),
    gridColor: scene.grid.color,
    distance: String(scene.grid.distance),
    units: scene.grid.units,
  };
}

/** The change the form asks for, or what is wrong with what was typed. */
export type ScenePatchParse =
  | { readonly ok: true; readonly patch: Partial<Omit<Scene, 'id' | 'background'>> }
  | { readonly ok: false; readonly problem: string };

const GRID_TYPES = new Set(['square', 'hexRows', 'hexColumns', 'none']);

/** Reads the form into a scene change. */
export function scenePatchOf(values: SceneFormValues): ScenePatchParse {
  const name = values.name.trim();
  if (name === '') return { ok: false, problem: 'The scene needs a name.' };
  const numbers: Record<string, number> = {};
  const read: [keyof SceneFormValues, string, (n: number) => boolean, string][] = [
    ['width', 'The width', (n) => n > 0 && n <= 100_000, 'a number of pixels from 1 to 100,000'],
    ['height', 'The height', (n) => n > 0 && n <= 100_000, 'a number of pixels from 1 to 100,000'],
    ['gridSize', 'The cell size', (n) => n > 0 && n <= 1000, 'a number of pixels from 1 to 1,000'],
    ['offsetX', 'The x offset', () => true, 'a number of pixels'],
    ['offsetY', 'The y offset', () => true, 'a number of pixels'],
    ['distance', 'The distance per cell', (n) => n > 0, 'a number above 0'],
  ];
  for (const [field, label, fits, expected] of read) {
    const text = values[field].trim();
    const value = text === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(value) || !fits(value)) {
      return { ok: false, problem: `${label} must be ${expected}, not “${values[field]}”.` };
    }
    numbers[field] = value;
  }
  if (!GRID_TYPES.has(values.gridType)) return { ok: false, problem: 'Pick a kind of grid.' };
  if (!/^#[0-9a-fA-F]{6}$/.test(values.gridColor)) {
    return { ok: false, problem: 'The grid colour must be like #336699.' };
  }
  const units = values.units.trim();
  if (units === '' || units.length > 16) {
    return { ok: false, problem: 'The units must be 1 to 16 characters (ft, m, hex).' };
  }
  return {
    ok: true,
    patch: {
      name,
      width: numbers.width as number,
      height: numbers.height as number,
      grid: {
        type: values.gridType as Scene['grid']['type'],
        size: numbers.gridSize as number,
        offsetX: numbers.offsetX as number,
        offsetY: numbers.offsetY as number,
        color: values.gridColor,
        distance: numbers.distance as number,
        units,
      },
    },
  };
}
