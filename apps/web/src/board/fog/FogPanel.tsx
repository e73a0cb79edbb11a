/**
 * The fog tool's panel (GMs): reveal or hide, with a rectangle, a polygon or a brush (and its
 * width), and the whole scene covered or cleared at once. Says how each shape is drawn, and that
 * fog is a view rule, not a place for secrets.
 */
import type { FogMode } from '@meshtable/schema';
import { useValue } from 'tldraw';
import { type Choice, ChoiceGroup } from '../presence/ChoiceGroup';
import type { FogSettings, FogShape } from './fogDraft';
import type { FogEditDraft } from './fogEdits';

/** What the panel reads and drives. */
export interface FogPanelHost {
  readonly fogSettings: { get(): FogSettings; set(settings: FogSettings): void };
  addFog(drafts: readonly FogEditDraft[]): boolean;
}

const MODES: readonly Choice<FogMode>[] = [
  { value: 'reveal', label: 'Reveal' },
  { value: 'hide', label: 'Hide' },
];
const SHAPES: readonly (Choice<FogShape> & { hint: string })[] = [
  { value: 'rect', label: 'Rectangle', hint: 'Drag from corner to corner.' },
  {
    value: 'polygon',
    label: 'Polygon',
    hint: 'Click each corner; double-click, Enter or a click on the first corner closes it.',
  },
  { value: 'brush', label: 'Brush', hint: 'Paint with the pointer held down.' },
];

/** The fog tool's panel. */
export function FogPanel({ host }: { host: FogPanelHost }) {
  const settings = useValue('mt fog settings', () => host.fogSettings.get(), [host]);
  const change = (patch: Partial<FogSettings>) => host.fogSettings.set({ ...settings, ...patch });
  const hint = SHAPES.find((entry) => entry.value === settings.shape)?.hint ?? '';
  return (
    <section className="mt-tools-panel__section" aria-label="Fog of war">
      <ChoiceGroup
        legend="Fog"
        name="mt-fog-mode"
        choices={MODES}
        value={settings.mode}
        onChange={(mode) => change({ mode })}
        testId="fog-mode"
      />
      <ChoiceGroup
        legend="With"
        name="mt-fog-shape"
        choices={SHAPES}
        value={settings.shape}
        onChange={(shape) => change({ shape })}
        testId="fog-shape"
      />
      {settings.shape === 'brush' && (
        <label className="mt-tools-panel__field">
          Width (cells)
          <input
            type="number"
            min={0.5}
            max={20}
            step={0.5}
            value={settings.brushCells}
            onChange={(event) => {
              const cells = Number(event.target.value);
              if (Number.isFinite(cells) && cells >= 0.5 && cells <= 20)
                change({ brushCells: cells });
            }}
          />
        </label>
      )}
      <p className="mt-tools-panel__readout">
        {hint} Alt does the opposite. Players see the fog opaque and no token under it, but fog
        hides nothing from a player who reads the table's data: keep secrets hidden, not fogged.
      </p>
      <div className="mt-tools-panel__actions">
        <button
          type="button"
          data-testid="fog-cover-all"
          onClick={() => host.addFog([{ shape: 'all', mode: 'hide' }])}
        >
          Cover the scene
        </button>
        <button
          type="button"
          data-testid="fog-clear-all"
          onClick={() => host.addFog([{ shape: 'all', mode: 'reveal' }])}
        >
          Clear all fog
        </button>
      </div>
    </section>
  );
}
