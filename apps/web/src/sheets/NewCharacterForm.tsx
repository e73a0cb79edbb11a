/**
 * The GM's form for a new character: a name, an actor type among the game system's sheets,
 * and who plays it (a member, or nobody: the GM's own). Made from any GM device (actorWrites.ts):
 * on a GM's other device the sheet opens once the device that runs the table has made it, and
 * the panel says so meanwhile (and why, if the table refuses it).
 */
import type { Member, Sheet } from '@meshtable/schema';
import { useId, useRef, useState } from 'react';
import { newRecordId } from '../board/records/patchRecord';
import type { CampaignSession } from '../campaign/CampaignSession';
import type { SentEdits } from '../campaign/SentEdits';
import { createCharacter } from './actorWrites';
import { SheetError } from './SheetError';

/** Props of {@link NewCharacterForm}. */
export interface NewCharacterFormProps {
  readonly session: CampaignSession;
  readonly sheets: Readonly<Record<string, Sheet>>;
  readonly members: readonly Member[];
  /** Where a character sent from a GM's other device is followed (the panel shows it). */
  readonly edits: SentEdits;
  /** Hears of the character made (or sent to be made), to open its sheet when it is there. */
  readonly onCreated: (actorId: string) => void;
}

/** The form that makes a character. */
export function NewCharacterForm({
  session,
  sheets,
  members,
  edits,
  onCreated,
}: NewCharacterFormProps) {
  const id = useId();
  const types = Object.keys(sheets);
  const [name, setName] = useState('');
  const [type, setType] = useState(types[0] ?? '');
  const [owner, setOwner] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const players = members.filter((member) => member.role === 'player');
  const details = useRef<HTMLDetailsElement>(null);

  const create = () => {
    const sheet = sheets[type];
    try {
      if (sheet === undefined)
        throw new SheetError('SHEET_NO_SHEET', 'Choose a kind of character.');
      const actorId = newRecordId();
      const sent = createCharacter(session, sheet, {
        id: actorId,
        name,
        type,
        owner: owner === '' ? null : owner,
      });
      edits.track('make a character', sent);
      setName('');
      setProblem(null);
      // The new sheet opens below: the form folds away.
      if (details.current !== null) details.current.open = false;
      onCreated(actorId);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  return (
    <details ref={details} className="mt-subpanel" data-testid="new-character">
      <summary>New character</summary>
      <form
        className="mt-form"
        onSubmit={(event) => {
          event.preventDefault();
          create();
        }}
      >
        <label className="mt-field" htmlFor={`${id}-name`}>
          <span>Name</span>
          <input
            id={`${id}-name`}
            data-testid="new-character-name"
            value={name}
            maxLength={100}
            required
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <div className="mt-form-row">
          <label className="mt-field" htmlFor={`${id}-type`}>
            <span>Kind</span>
            <select
              id={`${id}-type`}
              data-testid="new-character-type"
              value={type}
              onChange={(event) => setType(event.target.value)}
            >
              {types.map((actorType) => (
                <option key={actorType} value={actorType}>
                  {actorType}
                </option>
              ))}
            </select>
          </label>
          <label className="mt-field" htmlFor={`${id}-owner`}>
            <span>Played by</span>
            <select
              id={`${id}-owner`}
              data-testid="new-character-owner"
              value={owner}
              onChange={(event) => setOwner(event.target.value)}
            >
              <option value="">Nobody (the GM’s)</option>
              {players.map((member) => (
                <option key={member.userId} value={member.userId}>
                  {member.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <button type="submit" className="mt-button mt-primary" data-testid="new-character-create">
          Create character
        </button>
        {problem !== null && (
          <p className="mt-error" role="alert" data-testid="new-character-problem">
            {problem}
          </p>
        )}
      </form>
    </details>
  );
}
