/**
 * A row of radio buttons in a board tool's panel (the fog's mode and shape, a template's kind):
 * one fieldset with its legend, each choice labelled, its test id `<testId>-<value>`.
 */

/** One choice of a {@link ChoiceGroup}. */
export interface Choice<V extends string> {
  readonly value: V;
  readonly label: string;
}

/** Props of {@link ChoiceGroup}. */
export interface ChoiceGroupProps<V extends string> {
  readonly legend: string;
  /** The radio group's name (unique on the page). */
  readonly name: string;
  readonly choices: readonly Choice<V>[];
  readonly value: V;
  readonly onChange: (value: V) => void;
  /** Each input's test id is `<testId>-<value>`. */
  readonly testId: string;
}

/** A labelled group of radio buttons. */
export function ChoiceGroup<V extends string>(props: ChoiceGroupProps<V>) {
  return (
    <fieldset className="mt-tools-panel__choices">
      <legend>{props.legend}</legend>
      {props.choices.map(({ value, label }) => (
        <label key={value} className="mt-tools-panel__choice">
          <input
            type="radio"
            name={props.name}
            value={value}
            checked={props.value === value}
            onChange={() => props.onChange(value)}
            data-testid={`${props.testId}-${value}`}
          />
          {label}
        </label>
      ))}
    </fieldset>
  );
}
