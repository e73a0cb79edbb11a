/**
 * The template tool's panel: which shape, a cone's angle and a line's width; the template placed
 * (its size, and which tokens it covers, by name, as plain text); Clear; and for GMs, Keep on
 * the board and the list of templates kept on the scene, each with what it covers and Remove.
 */
import type { Scene, TemplateKind, TemplateRecord, TemplateShape, Token } from '@meshtable/schema';
import { useValue } from 'tldraw';
import { type Choice, ChoiceGroup } from '../presence/ChoiceGroup';
import { describeTemplate, type TemplateSettings } from './templateDraft';
import { SRD_CONE_ANGLE } from './templateGeometry';

/** What the panel reads and drives. */
export interface TemplatePanelHost {
  readonly templateSettings: { get(): TemplateSettings; set(settings: TemplateSettings): void };
  readonly template: { get(): TemplateShape | null };
  readonly kept: { get(): readonly TemplateRecord[] };
  readonly view: { get(): { readonly scene: Scene | null; readonly isGm: boolean } };
  coveredBy(shape: TemplateShape): Token[];
  setTemplate(shape: TemplateShape | null): void;
  keepTemplate(): boolean;
  removeKeptTemplate(id: string): boolean;
}

const KINDS: readonly Choice<TemplateKind>[] = [
  { value: 'circle', label: 'Circle' },
  { value: 'cone', label: 'Cone' },
  { value: 'line', label: 'Line' },
  { value: 'square', label: 'Square' },
];

/** The covered tokens' names, or that there are none. */
export function coverText(tokens: readonly Pick<Token, 'name'>[]): string {
  return tokens.length === 0 ? 'Covers no token' : `Covers ${tokens.map((t) => t.name).join(', ')}`;
}

/** The template tool's panel. */
export function TemplatePanel({ host }: { host: TemplatePanelHost }) {
  const settings = useValue('mt template settings', () => host.templateSettings.get(), [host]);
  const template = useValue('mt my template', () => host.template.get(), [host]);
  const scene = useValue('mt panel scene', () => host.view.get().scene, [host]);
  const isGm = useValue('mt panel gm', () => host.view.get().isGm, [host]);
  const covered = useValue('mt my coverage', () => {
    const shape = host.template.get();
    return shape === null ? [] : host.coveredBy(shape);
  }, [host]);
  const kept = useValue('mt kept', () => host.kept.get(), [host]);
  const change = (patch: Partial<TemplateSettings>) =>
    host.templateSettings.set({ ...settings, ...patch });
  return (
    <section className="mt-tools-panel__section" aria-label="Area template">
      <ChoiceGroup
        legend="Shape"
        name="mt-template-kind"
        choices={KINDS}
        value={settings.kind}
        onChange={(kind) => change({ kind })}
        testId="template-kind"
      />
      {settings.kind === 'cone' && (
        <label className="mt-tools-panel__field">
          Cone
          <select
            value={settings.coneAngle === 90 ? '90' : 'srd'}
            onChange={(event) =>
              change({ coneAngle: event.target.value === '90' ? 90 : SRD_CONE_ANGLE })
            }
          >
            <option value="srd">53° (width = distance)</option>
            <option value="90">90°</option>
          </select>
        </label>
      )}
      {settings.kind === 'line' && (
        <label className="mt-tools-panel__field">
          Width (cells)
          <input
            type="number"
            min={0.5}
            max={20}
            step={0.5}
            value={settings.lineWidth}
            onChange={(event) => {
              const width = Number(event.target.value);
              if (Number.isFinite(width) && width >= 0.5 && width <= 20)
                change({ lineWidth: width });
            }}
          />
        </label>
      )}
      <p className="mt-tools-panel__readout" aria-live="polite" data-testid="template-readout">
        {template === null || scene === null
          ? 'Press where it starts and drag to size and aim it (Shift: 15° steps).'
          : `${describeTemplate(template, scene.grid)}. ${coverText(covered)}.`}
      </p>
      {template !== null && (
        <div className="mt-tools-panel__actions">
          <button type="button" onClick={() => host.setTemplate(null)}>
            Clear
          </button>
          {isGm && (
            <button type="button" onClick={() => host.keepTemplate()} data-testid="keep-template">
              Keep on the board
            </button>
          )}
        </div>
      )}
      {isGm && kept.length > 0 && scene !== null && (
        <ul className="mt-tools-panel__kept" aria-label="Templates kept on this scene">
          {kept.map((record) => (
            <li key={record.id} data-testid="kept-template">
              <span className="mt-tools-panel__swatch" style={{ background: record.color }} />
              <span>
                {describeTemplate(record.shape, scene.grid)}.{' '}
                {coverText(host.coveredBy(record.shape))}.
              </span>
              <button type="button" onClick={() => host.removeKeptTemplate(record.id)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
