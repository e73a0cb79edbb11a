import { useId } from 'react';

/** A name and colour, as an identity is made with (packages/campaign createIdentity). */
export interface IdentityDraft {
  readonly name: string;
  readonly color: string;
}

/** Colours that tell players apart on a board; a new person starts with one at random. */
const PALETTE = ['#2f6fdb', '#c2410c', '#15803d', '#7c3aed', '#be123c', '#0e7490', '#a16207'];

/** A fresh draft with a colour from the palette. */
export function newIdentityDraft(): IdentityDraft {
  return { name: '', color: PALETTE[Math.floor(Math.random() * PALETTE.length)] ?? '#2f6fdb' };
}

/**
 * "Your name" and "Your colour", asked once per device: they make the identity (a key pair
 * kept in this browser) that signs everything this person does at a table.
 */
export function IdentityFields({
  draft,
  onChange,
}: {
  readonly draft: IdentityDraft;
  readonly onChange: (draft: IdentityDraft) => void;
}) {
  const id = useId();
  return (
    <fieldset className="mt-form mt-fieldset">
      <legend className="mt-hint">This device does not know you yet.</legend>
      <div className="mt-field-row">
        <label className="mt-field" htmlFor={`${id}-name`}>
          <span>Your name</span>
          <input
            id={`${id}-name`}
            data-testid="identity-name"
            required
            maxLength={100}
            autoComplete="nickname"
            value={draft.name}
            onChange={(event) => onChange({ ...draft, name: event.target.value })}
          />
        </label>
        <label className="mt-field" htmlFor={`${id}-color`}>
          <span>Your colour</span>
          <input
            id={`${id}-color`}
            data-testid="identity-color"
            type="color"
            value={draft.color}
            onChange={(event) => onChange({ ...draft, color: event.target.value })}
          />
        </label>
      </div>
    </fieldset>
  );
}
