/**
 * The fog tool's panel (GMs): reveal or hide, with a rectangle, a polygon or a brush (and its
 * width), and the whole scene covered or cleared at once. Says how each shape is drawn, and that
 * fog is a view rule, not a place for secrets.
 */
import type { FogMode } from '@meshtable/schema';
import { useValue } from 'tldraw';
import type { FogSettings, FogShape } from './fogDraft';
import type { FogEditDraft } from './fogEdits';

/** What the panel reads and drives. */
export interface FogPanelHost {
  readonly fogSettings: { get(): FogSettings; set(settings: FogSettings): void };
  addFog(drafts: readonly FogEditDraft[]): boolean;
}

const MODES: readonly { mode: FogMode; label: string }[] = [
  { mode: 'reveal', label: 'Reveal' },
  { mode: 'hide', label: 'Hide' },
];
const SHAPES: readonly { shape: FogShape; label: string; hint: string }[] = [
  { shape: 'rect', label: 'Rectangle', hint: 'Drag from corner to corner.' },
  {
    shape: 'polygon',
    label: 'Polygon',
    hint: 'Click each corner; double-click, Enter or a click on the first corner closes it.',
  },
  { shape: 'brush', label: 'Brush', hint: 'Paint with the pointer held down.' },
];

/** The fog tool's panel. */
export function FogPanel({ host }: { host: FogPanelHost }) {
  const settings = useValue('mt fog settings', () => host.fogSettings.get(), [host]);
  const change = (patch: Partial<FogSettings>) => host.fogSettings.set({ ...settings, ...patch });
  const hint = SHAPES.find((entry) => entry.shape === settings.shape)?.hint ?? '';
  return (
    <section className="mt-tools-panel__section" aria-label="Fog of war">
      <fieldset className="mt-tools-panel__choices">
        <legend>Fog</legend>
        {MODES.map(({ mode, label }) => (
          <label key={mode} className="mt-tools-panel__choice">
            <input
              type="radio"
              name="mt-fog-mode"
              value={mode}
              checked={settings.mode === mode}
              onChange={() => change({ mode })}
              data-testid={`fog-mode-${mode}`}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <fieldset className="mt-tools-panel__choices">
        <legend>With</legend>
        {SHAPES.map(({ shape, label }) => (
          <label key={shape} className="mt-tools-panel__choice">
            <input
              type="radio"
              name="mt-fog-shape"
              value={shape}
              checked={settings.shape === shape}
              onChange={() => change({ shape })}
              data-testid={`fog-shape-${shape}`}
            />
            {label}
          </label>
        ))}
      </fieldset>
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
