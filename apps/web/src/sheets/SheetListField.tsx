/**
 * A list field of a sheet (attacks, spells, inventory): a row per entry with the row's fields,
 * a button to remove each row and one to add a row (the sheet's `newItem`). Every change
 * writes the whole list, by the list's own route: rows have no `editable` of their own.
 */
import type { ListField } from '@meshtable/schema';
import { RollButtonView } from './RollButtonView';
import { useSheet } from './SheetContext';
import { addRow, listRows, removeRow, rowValue, setRowValue } from './sheetModel';
import { ValueInput } from './ValueInput';

/** A list field and its rows. */
export function SheetListField({ field }: { readonly field: ListField }) {
  const sheet = useSheet();
  const route = sheet.routeOf(field);
  const editable = route !== 'none';
  const path = field.field;
  const dataPath = path.replace(/^data\./, '');
  const pending = sheet.pending.has(dataPath);
  const asked = sheet.pending.get(dataPath);
  // The rows I asked for show until the GM rules on them.
  const rows = pending && Array.isArray(asked) ? asked : listRows(field, sheet.actor);
  const problem = sheet.problems.get(path);
  const max = field.max ?? Number.POSITIVE_INFINITY;
  const write = (next: unknown[]) => sheet.commit(path, route, next);
  return (
    <fieldset className="mt-sheet-list" data-testid={`sheet-field-${path}`} data-route={route}>
      <legend title={field.hint}>
        {field.label} <span className="mt-hint">({rows.length})</span>
      </legend>
      {rows.length === 0 && <p className="mt-hint">None yet.</p>}
      <ol className="mt-sheet-rows">
        {rows.map((row, index) => (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own (stored whole)
            key={index}
            className="mt-sheet-row"
            data-testid={`sheet-row-${path}-${index}`}
          >
            {field.fields.map((rowField) => {
              const name = `${rowField.label} (${field.label} ${index + 1})`;
              return (
                <span key={rowField.field} className="mt-sheet-field" title={rowField.hint}>
                  <span className="mt-sheet-label">{rowField.label}</span>
                  <span className="mt-sheet-control">
                    <ValueInput
                      field={rowField}
                      value={rowValue(row, rowField)}
                      editable={editable}
                      values={sheet.values}
                      assetBase={sheet.assetBase}
                      name={name}
                      testId={`sheet-input-${path}.${index}.${rowField.field}`}
                      onCommit={(value) => write(setRowValue(rows, index, rowField, value))}
                    />
                    {rowField.roll !== undefined && (
                      <RollButtonView
                        button={rowField.roll}
                        item={row}
                        suffix={` (${field.label} ${index + 1})`}
                      />
                    )}
                  </span>
                </span>
              );
            })}
            {editable && (
              <button
                type="button"
                className="mt-button"
                aria-label={`Remove row ${index + 1} of ${field.label}`}
                onClick={() => write(removeRow(rows, index))}
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ol>
      {editable && rows.length < max && (
        <button
          type="button"
          className="mt-button"
          data-testid={`sheet-add-${path}`}
          onClick={() => write(addRow(field, rows))}
        >
          {field.addLabel ?? `Add to ${field.label}`}
        </button>
      )}
      {pending && <p className="mt-hint">Waiting for the GM…</p>}
      {problem !== undefined && (
        <p className="mt-error" role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
