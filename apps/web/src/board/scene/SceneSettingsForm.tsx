import type { Scene } from '@meshtable/schema';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { AssetPicker } from '../files/AssetPicker';
import { FitSceneToImage } from './FitSceneToImage';
import { type SceneFormValues, sceneFormValues, scenePatchOf } from './sceneFormValues';

/** Props of {@link SceneSettingsForm}. */
export interface SceneSettingsFormProps {
  readonly scene: Scene;
  /** Saves the change; returns whether it went through (the board shows why not). */
  readonly onSave: (patch: Partial<Omit<Scene, 'id'>>) => boolean;
  /** Sets the background at once (null: none); returns whether it went through. */
  readonly onBackground: (sha256: string | null) => boolean;
}

const GRID_TYPES: readonly { value: Scene['grid']['type']; label: string }[] = [
  { value: 'square', label: 'Squares' },
  { value: 'hexRows', label: 'Hexes in rows (pointy top)' },
  { value: 'hexColumns', label: 'Hexes in columns (flat top)' },
  { value: 'none', label: 'No grid' },
];

/**
 * The GM's editor of the scene on the board: its background, picked from the library and saved
 * at once, and its name, size and grid, saved with the form. What was typed stays when it
 * cannot be saved, with the reason next to the field.
 */
export function SceneSettingsForm({ scene, onSave, onBackground }: SceneSettingsFormProps) {
  const [values, setValues] = useState<SceneFormValues>(() => sceneFormValues(scene));
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  // A size saved elsewhere (fitted to the background, another GM device) shows in the fields.
  useEffect(() => {
    setValues((current) => ({
      ...current,
      width: String(scene.width),
      height: String(scene.height),
    }));
  }, [scene.width, scene.height]);
  const set = (field: keyof SceneFormValues) => (value: string) =>
    setValues((current) => ({ ...current, [field]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = scenePatchOf(values);
    if (!parsed.ok) {
      setProblem(parsed.problem);
      return;
    }
    setProblem(null);
    onSave(parsed.patch);
  };
  const field = (
    name: keyof SceneFormValues,
    label: string,
    props: Record<string, unknown> = {},
  ) => (
    <label className="mt-field" htmlFor={`${id}-${name}`}>
      <span>{label}</span>
      <input
        id={`${id}-${name}`}
        value={values[name]}
        data-testid={`scene-${name}`}
        onChange={(event) => set(name)(event.target.value)}
        {...props}
      />
    </label>
  );
  return (
    <details className="mt-subpanel" data-testid="scene-settings">
      <summary>Scene settings</summary>
      <AssetPicker
        value={scene.background}
        onChange={onBackground}
        label="Background"
        emptyText="None: a plain ground"
        dialogTitle={`Choose the background of “${scene.name}”`}
        pickLabel="Use as background"
        testId="scene-background"
      />
      <FitSceneToImage scene={scene} onFit={(size) => onSave(size)} />
      <form onSubmit={submit} className="mt-form" noValidate>
        {field('name', 'Name', { maxLength: 100, required: true })}
        <div className="mt-form-row">
          {field('width', 'Width (px)', { inputMode: 'numeric' })}
          {field('height', 'Height (px)', { inputMode: 'numeric' })}
        </div>
        <label className="mt-field" htmlFor={`${id}-gridType`}>
          <span>Grid</span>
          <select
            id={`${id}-gridType`}
            value={values.gridType}
            data-testid="scene-gridType"
            onChange={(event) => set('gridType')(event.target.value)}
          >
            {GRID_TYPES.map((type) => (
              <option key={type.value} value={type.value}>
                {type.label}
              </option>
            ))}
          </select>
        </label>
        <div className="mt-form-row">
          {field('gridSize', 'Cell (px)', { inputMode: 'decimal' })}
          {field('gridColor', 'Colour', { type: 'color' })}
        </div>
        <div className="mt-form-row">
          {field('offsetX', 'Offset x', { inputMode: 'decimal' })}
          {field('offsetY', 'Offset y', { inputMode: 'decimal' })}
        </div>
        <div className="mt-form-row">
          {field('distance', 'Per cell', { inputMode: 'decimal' })}
          {field('units', 'Units', { maxLength: 16 })}
        </div>
        {problem !== null && (
          <p className="mt-error" role="alert" data-testid="scene-settings-problem">
            {problem}
          </p>
        )}
        <button type="submit" className="mt-button mt-primary" data-testid="save-scene">
          Save scene
        </button>
      </form>
    </details>
  );
}
