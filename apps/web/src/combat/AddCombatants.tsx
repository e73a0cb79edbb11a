import type { Token } from '@meshtable/schema';
import { type FormEvent, useState } from 'react';
import { useSelectedTokenIds } from '../board/tokens/boardSelection';

/** Props of {@link AddCombatants}. */
export interface AddCombatantsProps {
  /** The scene's shared tokens not in the encounter yet. */
  readonly tokens: readonly Token[];
  readonly onAdd: (tokens: readonly Token[]) => void;
  /** Adding waits while this device's initiative roll is being ruled. */
  readonly disabled?: boolean;
}

/**
 * The GM's list of the scene's tokens to add to the encounter: tick some and add them, add those
 * selected on the map, or add them all. Hidden tokens are not offered (docs/combat.md: reveal a
 * token to add it).
 */
export function AddCombatants({ tokens, onAdd, disabled = false }: AddCombatantsProps) {
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const selectedIds = new Set(useSelectedTokenIds());
  const selected = tokens.filter((token) => selectedIds.has(token.id));
  if (tokens.length === 0) {
    return (
      <p className="mt-hint" data-testid="combat-add-none">
        Every shared token of the scene is in the encounter.
      </p>
    );
  }
  const picked = tokens.filter((token) => chosen.has(token.id));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (disabled || picked.length === 0) return;
    onAdd(picked);
    setChosen(new Set());
  };
  return (
    <form className="mt-combat-add" data-testid="combat-add" onSubmit={submit}>
      <fieldset>
        <legend>Add from the scene</legend>
        <ul className="mt-combat-add-list">
          {tokens.map((token) => (
            <li key={token.id}>
              <label className="mt-check">
                <input
                  type="checkbox"
                  data-testid="combat-add-token"
                  data-token-id={token.id}
                  checked={chosen.has(token.id)}
                  onChange={(event) => {
                    const next = new Set(chosen);
                    if (event.currentTarget.checked) next.add(token.id);
                    else next.delete(token.id);
                    setChosen(next);
                  }}
                />
                {token.name}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <div className="mt-panel-actions">
        <button
          type="submit"
          className="mt-button"
          data-testid="combat-add-chosen"
          disabled={disabled || picked.length === 0}
        >
          Add chosen
        </button>
        <button
          type="button"
          className="mt-button"
          data-testid="combat-add-selected"
          disabled={disabled || selected.length === 0}
          title="Select tokens on the map (Shift+click for several), then add them"
          onClick={() => onAdd(selected)}
        >
          Add selected on the map{selected.length > 0 ? ` (${selected.length})` : ''}
        </button>
        <button
          type="button"
          className="mt-button"
          data-testid="combat-add-all"
          disabled={disabled}
          onClick={() => {
            onAdd(tokens);
            setChosen(new Set());
          }}
        >
          Add all {tokens.length}
        </button>
      </div>
    </form>
  );
}
