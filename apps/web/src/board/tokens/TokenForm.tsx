import type { Member, Token } from '@meshtable/schema';
import { type FormEvent, useId, useState } from 'react';
import type { ActorSummary } from '../campaignBoard/CampaignBoardController';
import { AssetPicker } from '../files/AssetPicker';
import { type TokenFormValues, tokenFormValues, tokenPatchOf } from './tokenFormValues';

/** What the token form gives: the token's editable fields (the image only `withImage`). */
export type TokenFormResult = Pick<Token, 'name' | 'size' | 'actorId' | 'owners' | 'conditions'> &
  Partial<Pick<Token, 'image'>>;

/** Props of {@link TokenForm}. */
export interface TokenFormProps {
  /** The token edited, or none for a new one. */
  readonly token?: Token;
  readonly actors: readonly ActorSummary[];
  /** The members a token may be given to. */
  readonly members: readonly Member[];
  readonly submitLabel: string;
  /** Offer "hidden from the players" (for a new token). */
  readonly withHidden?: boolean;
  /**
   * Offer the image, saved with the form (for a new token). A token on the board has its own
   * picker, which saves at once; its form then leaves the image out of what it gives.
   */
  readonly withImage?: boolean;
  /** Returns whether the change went through (the board shows why not). */
  readonly onSubmit: (result: TokenFormResult, hidden: boolean) => boolean;
}

/** A token's name, size, actor, owner and conditions (and a new one's image), as a GM edits them. */
export function TokenForm(props: TokenFormProps) {
  const {
    token,
    actors,
    members,
    submitLabel,
    withHidden = false,
    withImage = false,
    onSubmit,
  } = props;
  const [values, setValues] = useState<TokenFormValues>(() => tokenFormValues(token));
  const [hidden, setHidden] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const set = (field: keyof TokenFormValues) => (value: string) =>
    setValues((current) => ({ ...current, [field]: value }));
  const pickActor = (actorId: string) => {
    const actor = actors.find((a) => a.id === actorId);
    setValues((current) => ({
      ...current,
      actorId,
      // A new token for an actor takes its name and its first owner, unless already typed.
      name: current.name === '' && actor !== undefined ? actor.name : current.name,
      owner: current.owner === '' && actor !== undefined ? (actor.owners[0] ?? '') : current.owner,
    }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = tokenPatchOf(values, token?.owners ?? []);
    if (!parsed.ok) {
      setProblem(parsed.problem);
      return;
    }
    setProblem(null);
    const { image: _image, ...rest } = parsed.result;
    const result = withImage ? parsed.result : rest;
    if (onSubmit(result, hidden) && token === undefined) {
      setValues(tokenFormValues(undefined));
      setHidden(false);
    }
  };
  return (
    <>
      {/* Outside the form: Enter in the library's search must not place the token. */}
      {withImage && (
        <AssetPicker
          value={values.image === '' ? null : values.image}
          onChange={(sha256) => set('image')(sha256 ?? '')}
          label="Image"
          emptyText="None: its initials"
          dialogTitle="Choose the token’s image"
          pickLabel="Use for the token"
          testId="token-image"
        />
      )}
      <form onSubmit={submit} className="mt-form" noValidate data-testid="token-form">
        <label className="mt-field" htmlFor={`${id}-actor`}>
          <span>Stands for</span>
          <select
            id={`${id}-actor`}
            value={values.actorId}
            data-testid="token-actor"
            onChange={(event) => pickActor(event.target.value)}
          >
            <option value="">No actor (a marker)</option>
            {actors.map((actor) => (
              <option key={actor.id} value={actor.id}>
                {actor.name}
              </option>
            ))}
          </select>
        </label>
        <label className="mt-field" htmlFor={`${id}-name`}>
          <span>Name</span>
          <input
            id={`${id}-name`}
            value={values.name}
            maxLength={100}
            data-testid="token-name"
            onChange={(event) => set('name')(event.target.value)}
          />
        </label>
        <div className="mt-form-row">
          <label className="mt-field" htmlFor={`${id}-size`}>
            <span>Size (cells)</span>
            <input
              id={`${id}-size`}
              value={values.size}
              inputMode="decimal"
              data-testid="token-size"
              onChange={(event) => set('size')(event.target.value)}
            />
          </label>
          <label className="mt-field" htmlFor={`${id}-owner`}>
            <span>Moved by</span>
            <select
              id={`${id}-owner`}
              value={values.owner}
              data-testid="token-owner"
              onChange={(event) => set('owner')(event.target.value)}
            >
              <option value="">GMs only</option>
              {members.map((member) => (
                <option key={member.userId} value={member.userId}>
                  {member.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label className="mt-field" htmlFor={`${id}-conditions`}>
          <span>Conditions (comma-separated)</span>
          <input
            id={`${id}-conditions`}
            value={values.conditions}
            data-testid="token-conditions"
            placeholder="prone, blessed"
            onChange={(event) => set('conditions')(event.target.value)}
          />
        </label>
        {withHidden && (
          <label className="mt-check">
            <input
              type="checkbox"
              checked={hidden}
              data-testid="token-hidden"
              onChange={(event) => setHidden(event.target.checked)}
            />
            Hidden from the players
          </label>
        )}
        {problem !== null && (
          <p className="mt-error" role="alert" data-testid="token-form-problem">
            {problem}
          </p>
        )}
        <button type="submit" className="mt-button mt-primary" data-testid="token-submit">
          {submitLabel}
        </button>
      </form>
    </>
  );
}
