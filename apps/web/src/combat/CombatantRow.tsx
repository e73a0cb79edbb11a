import type { Combatant } from '@meshtable/schema';
import { type FormEvent, useId } from 'react';
import { formatInitiative } from './formatInitiative';

/** Props of {@link CombatantRow}. */
export interface CombatantRowProps {
  readonly combatant: Combatant;
  /** Whether it is this combatant's turn. */
  readonly current: boolean;
  readonly isGm: boolean;
  /** Whether this viewer may roll for it (a GM always; a player once, for their own). */
  readonly mayRoll: boolean;
  /** A roll of this device's is being ruled: rolling again, editing and removing wait. */
  readonly rolling: boolean;
  readonly onRoll: () => void;
  /** A GM's hand-set value (null: not rolled). */
  readonly onSet: (value: number | null) => void;
  readonly onRemove: () => void;
}

/**
 * One line of the initiative order: the combatant's name and initiative (a GM edits it in
 * place: Enter or leaving the field saves), the turn marker, and the roll and remove buttons.
 */
export function CombatantRow(props: CombatantRowProps) {
  const { combatant, current, isGm, mayRoll, rolling } = props;
  const { name, initiative } = combatant;
  const fieldId = useId();
  const save = (text: string) => {
    const trimmed = text.trim();
    // Not a number (NaN) is refused with its reason by setInitiative.
    const value = trimmed === '' ? null : Number(trimmed);
    if (value !== initiative) props.onSet(value);
  };
  return (
    <li
      className="mt-combatant"
      data-testid="combatant"
      data-combatant-id={combatant.id}
      data-token-id={combatant.tokenId ?? ''}
      data-initiative={initiative ?? ''}
      data-current={current}
      aria-current={current ? 'step' : undefined}
    >
      <span className="mt-combatant-marker" aria-hidden="true">
        {current ? '▶' : ''}
      </span>
      <span className="mt-combatant-name">
        {name}
        {current && <span className="mt-visually-hidden"> (their turn)</span>}
      </span>
      {isGm ? (
        <form
          className="mt-combatant-edit"
          onSubmit={(event: FormEvent<HTMLFormElement>) => {
            event.preventDefault();
            const input = event.currentTarget.elements.namedItem('initiative') as HTMLInputElement;
            save(input.value);
          }}
        >
          <label htmlFor={fieldId} className="mt-visually-hidden">
            Initiative of {name}
          </label>
          <input
            // A new value from elsewhere (a roll) replaces what the field shows.
            key={initiative ?? 'none'}
            id={fieldId}
            name="initiative"
            type="number"
            step="any"
            inputMode="decimal"
            className="mt-combatant-initiative"
            data-testid="combatant-initiative-input"
            defaultValue={initiative ?? ''}
            disabled={rolling}
            placeholder="–"
            onBlur={(event) => save(event.currentTarget.value)}
          />
        </form>
      ) : (
        <span className="mt-combatant-initiative" data-testid="combatant-initiative">
          {initiative === null ? '–' : formatInitiative(initiative)}
        </span>
      )}
      {mayRoll && (
        <button
          type="button"
          className="mt-button"
          data-testid="combatant-roll"
          aria-label={`Roll initiative for ${name}`}
          title="Roll initiative"
          disabled={rolling}
          onClick={props.onRoll}
        >
          Roll
        </button>
      )}
      {isGm && (
        <button
          type="button"
          className="mt-button"
          data-testid="combatant-remove"
          disabled={rolling}
          aria-label={`Remove ${name} from the encounter`}
          title="Remove"
          onClick={props.onRemove}
        >
          ×
        </button>
      )}
    </li>
  );
}
