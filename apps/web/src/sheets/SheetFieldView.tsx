/**
 * One field of a section: a bound value with its control, a derived value, or a list; each
 * with its decorations (badge, suffix, warning), its roll button, and the state of my last
 * edit of it (waiting for the GM, refused and why).
 */
import type { SheetField } from '@meshtable/schema';
import { RollButtonView } from './RollButtonView';
import { useSheet } from './SheetContext';
import { SheetListField } from './SheetListField';
import {
  boundValue,
  derivedValue,
  formatValue,
  isListField,
  isValueField,
  sourceValue,
} from './sheetModel';
import { ValueInput } from './ValueInput';

/** A field of a section. */
export function SheetFieldView({ field }: { readonly field: SheetField }) {
  if (isListField(field)) return <SheetListField field={field} />;
  if (isValueField(field)) return <BoundFieldView field={field} />;
  return <DerivedFieldView field={field as Extract<SheetField, { derived: string }>} />;
}

function BoundFieldView({ field }: { readonly field: Extract<SheetField, { field: string }> }) {
  const sheet = useSheet();
  if (!isValueField(field)) return null;
  const route = sheet.routeOf(field);
  const path = field.field;
  const dataPath = path.replace(/^data\./, '');
  const pending = sheet.pending.has(dataPath);
  const problem = sheet.problems.get(path);
  return (
    <div
      className="mt-sheet-field"
      data-testid={`sheet-field-${path}`}
      data-route={route}
      data-pending={pending}
      title={field.hint}
    >
      <span className="mt-sheet-label">
        {field.label}
        <Decorations field={field} />
      </span>
      <span className="mt-sheet-control">
        <ValueInput
          field={field}
          // What I asked for shows until the GM rules on it (optimistically, as moves do).
          value={pending ? sheet.pending.get(dataPath) : boundValue(sheet.actor, path)}
          editable={route !== 'none'}
          values={sheet.values}
          assetBase={sheet.assetBase}
          name={field.label}
          testId={`sheet-input-${path}`}
          onCommit={(value) => sheet.commit(path, route, value)}
        />
        {field.roll !== undefined && <RollButtonView button={field.roll} />}
      </span>
      {pending && (
        <span className="mt-hint" data-testid={`sheet-pending-${path}`}>
          Waiting for the GM…
        </span>
      )}
      {problem !== undefined && (
        <span className="mt-error" role="alert" data-testid={`sheet-problem-${path}`}>
          {problem}
        </span>
      )}
    </div>
  );
}

function DerivedFieldView({ field }: { readonly field: Extract<SheetField, { derived: string }> }) {
  const sheet = useSheet();
  return (
    <div
      className="mt-sheet-field"
      data-testid={`sheet-derived-${field.derived}`}
      title={field.hint}
    >
      <span className="mt-sheet-label">
        {field.label}
        <Decorations field={field} />
      </span>
      <span className="mt-sheet-control">
        <output className="mt-sheet-value" data-testid={`sheet-value-${field.derived}`}>
          {formatValue(derivedValue(field, sheet.values), field.format, field.unit)}
        </output>
        {field.roll !== undefined && <RollButtonView button={field.roll} />}
      </span>
    </div>
  );
}

type Decorated = {
  readonly field?: string;
  readonly derived?: string;
  readonly badge?: { field?: string; derived?: string; format?: 'plain' | 'signed' };
  readonly suffix?: { field?: string; derived?: string; format?: 'plain' | 'signed' | 'of' };
  readonly warn?: { field?: string; derived?: string; text: string };
};

/** A field's badge, suffix and warning, read from the actor or derive's output. */
function Decorations({ field }: { readonly field: Decorated }) {
  const { values } = useSheet();
  const at = field.field ?? field.derived ?? '';
  return (
    <>
      {field.badge !== undefined && (
        <span className="mt-sheet-badge" data-testid={`sheet-badge-${at}`}>
          {' '}
          {formatValue(sourceValue(field.badge, values), field.badge.format)}
        </span>
      )}
      {field.suffix !== undefined && (
        <span className="mt-sheet-suffix">
          {' '}
          {formatValue(sourceValue(field.suffix, values), field.suffix.format)}
        </span>
      )}
      {field.warn !== undefined && Boolean(sourceValue(field.warn, values)) && (
        <span className="mt-sheet-warn" role="status">
          {' '}
          {field.warn.text}
        </span>
      )}
    </>
  );
}
