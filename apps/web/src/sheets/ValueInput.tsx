/**
 * The control of one value of a sheet (a field of a section or of a list row), by type: an
 * input that commits on Enter or when it loses the focus, a checkbox, a select, a row of track
 * boxes; or, for who may not edit it, the value as text (a textarea's as markdown, through
 * SafeMarkdown: never HTML).
 */
import { useEffect, useId, useState } from 'react';
import { SafeMarkdown } from '../markdown/SafeMarkdown';
import { formatValue, type SheetValues, trackBoxes, type ValueField } from './sheetModel';

/** Props of {@link ValueInput}. */
export interface ValueInputProps {
  readonly field: ValueField;
  readonly value: unknown;
  readonly editable: boolean;
  readonly values: SheetValues;
  /** The accessible name (the label, and the row for a list's field). */
  readonly name: string;
  readonly onCommit: (value: unknown) => void;
  readonly testId: string;
  /** Where asset images of a markdown value come from. */
  readonly assetBase?: string;
}

/** One value, editable or shown. */
export function ValueInput(props: ValueInputProps) {
  const { field, value, editable, name, testId } = props;
  if (!editable) return <ReadOnlyValue {...props} />;
  switch (field.type) {
    case 'checkbox':
      return (
        <input
          type="checkbox"
          aria-label={name}
          data-testid={testId}
          checked={value === true}
          onChange={(event) => props.onCommit(event.target.checked)}
        />
      );
    case 'select': {
      const index = field.options.findIndex((option) => option.value === value);
      return (
        <select
          aria-label={name}
          data-testid={testId}
          value={index === -1 ? '' : String(index)}
          onChange={(event) => {
            const chosen = field.options[Number(event.target.value)];
            if (chosen !== undefined) props.onCommit(chosen.value);
          }}
        >
          {index === -1 && <option value="">—</option>}
          {field.options.map((option, at) => (
            <option key={String(option.value)} value={String(at)}>
              {option.label}
            </option>
          ))}
        </select>
      );
    }
    case 'track':
      return <TrackBoxes {...props} />;
    default:
      return <DraftInput {...props} />;
  }
}

/** A number, text, textarea or dice input: a draft while typing, committed on Enter or blur. */
function DraftInput({ field, value, name, onCommit, testId }: ValueInputProps) {
  const shown = value === undefined || value === null ? '' : String(value);
  const [draft, setDraft] = useState(shown);
  // A change from elsewhere (another device, derive's rules) replaces the draft.
  useEffect(() => setDraft(shown), [shown]);
  const commit = () => {
    if (draft === shown) return;
    onCommit(field.type === 'number' ? (draft.trim() === '' ? Number.NaN : Number(draft)) : draft);
  };
  const common = {
    'aria-label': name,
    'data-testid': testId,
    value: draft,
    onBlur: commit,
  };
  if (field.type === 'textarea') {
    return (
      <textarea
        {...common}
        rows={field.rows ?? 3}
        placeholder={field.placeholder}
        maxLength={field.maxLength}
        onChange={(event) => setDraft(event.target.value)}
      />
    );
  }
  return (
    <input
      {...common}
      type={field.type === 'number' ? 'number' : 'text'}
      inputMode={field.type === 'number' ? 'decimal' : undefined}
      step={field.type === 'number' ? (field.step ?? 'any') : undefined}
      placeholder={'placeholder' in field ? field.placeholder : undefined}
      maxLength={'maxLength' in field ? field.maxLength : undefined}
      onChange={(event) => setDraft(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
        if (event.key === 'Escape') setDraft(shown);
      }}
    />
  );
}

/** A track: one checkbox per box; ticking box n sets n boxes, unticking the last one clears it. */
function TrackBoxes({ field, value, values, name, onCommit, testId }: ValueInputProps) {
  const id = useId();
  if (field.type !== 'track') return null;
  const boxes = trackBoxes(field, values);
  const ticked = typeof value === 'number' ? value : 0;
  return (
    <fieldset className="mt-sheet-track" aria-label={name} data-testid={testId}>
      {Array.from({ length: boxes }, (_unused, index) => {
        const label = field.labels?.[index] ?? `${index + 1}`;
        return (
          <input
            // biome-ignore lint/suspicious/noArrayIndexKey: the boxes are positions, not items
            key={index}
            id={`${id}-${index}`}
            type="checkbox"
            aria-label={`${name}: ${label}`}
            checked={index < ticked}
            onChange={() => onCommit(ticked === index + 1 ? index : index + 1)}
          />
        );
      })}
    </fieldset>
  );
}

/** A value shown to who may not edit it. */
function ReadOnlyValue({ field, value, values, testId, assetBase }: ValueInputProps) {
  let text: string;
  switch (field.type) {
    case 'textarea':
      return (
        <div className="mt-sheet-markdown" data-testid={testId}>
          {typeof value === 'string' && value.trim() !== '' ? (
            <SafeMarkdown text={value} assetBase={assetBase} />
          ) : (
            '—'
          )}
        </div>
      );
    case 'select':
      text = field.options.find((option) => option.value === value)?.label ?? formatValue(value);
      break;
    case 'track':
      text = `${typeof value === 'number' ? value : 0} of ${trackBoxes(field, values)}`;
      break;
    case 'number':
      text = formatValue(value, field.format, field.unit);
      break;
    default:
      text = value === '' ? '—' : formatValue(value);
  }
  return (
    <output className="mt-sheet-value" data-testid={testId}>
      {text}
    </output>
  );
}
