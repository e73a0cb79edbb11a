/**
 * The Characters panel of the campaign screen's dock: the characters I can see (mine first; the
 * GM sees every actor, players the party's: readActors.ts), one of them open as its sheet, and
 * for the GM a form to make a character and a button to delete the open one. From a GM's other
 * device those go to the device that runs the table (campaign/tableWrites.ts), and the panel
 * says so until it answers, and why when it refuses.
 */
import { useState } from 'react';
import { useInitiallyOpen } from '../board/campaignBoard/useInitiallyOpen';
import type { CampaignSession } from '../campaign/CampaignSession';
import { SentEditStatus } from '../campaign/SentEditStatus';
import { useCampaignSessionState } from '../campaign/useCampaignSession';
import { useSentEdits } from '../campaign/useSentEdits';
import { deleteCharacter } from './actorWrites';
import { CharacterSheet } from './CharacterSheet';
import { NewCharacterForm } from './NewCharacterForm';
import { visibleActors } from './readActors';
import { useActors, useModuleSheets, useTableMembers } from './useSheetData';
import './sheets.css';

/** The Characters panel. */
export function CharactersPanel({ session }: { readonly session: CampaignSession }) {
  const state = useCampaignSessionState(session);
  const isGm = state.role === 'gm';
  const initiallyOpen = useInitiallyOpen();
  const actors = useActors(session.table);
  const members = useTableMembers(session.table);
  const sheets = useModuleSheets(state.system?.id ?? null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const sent = useSentEdits();
  const shown = visibleActors(actors, session.me.userId, isGm);
  const open = shown.find((actor) => actor.id === openId);
  const names = new Map(members.map((member) => [member.userId, member.name]));
  const ownerNames = (owners: readonly string[]) =>
    owners
      .map((owner) => (owner === session.me.userId ? 'you' : (names.get(owner) ?? 'someone')))
      .join(', ');
  const sheetOf = (type: string) => (sheets?.ok ? sheets.sheets[type] : undefined);

  const remove = (actorId: string) => {
    try {
      sent.edits.track('delete a character', deleteCharacter(session, actorId));
      setProblem(null);
      setOpenId(null);
    } catch (error) {
      setProblem((error as Error).message);
    }
    setDeleting(null);
  };

  return (
    <details
      className="mt-panel mt-sheets-panel"
      open={initiallyOpen}
      data-testid="characters-panel"
    >
      <summary>
        Characters <span className="mt-panel-summary-note">· {shown.length}</span>
      </summary>
      {sheets !== null && !sheets.ok && (
        <p className="mt-error" role="alert" data-testid="sheets-problem">
          {sheets.problem}
        </p>
      )}
      {shown.length === 0 ? (
        <p className="mt-hint">
          {isGm ? 'No characters yet: make one below.' : 'No characters yet: the GM makes them.'}
        </p>
      ) : (
        <ul className="mt-sheets-list" aria-label="Characters">
          {shown.map((actor) => (
            <li key={actor.id}>
              <button
                type="button"
                className="mt-sheets-pick"
                aria-pressed={actor.id === openId}
                data-testid={`character-${actor.id}`}
                onClick={() => setOpenId(actor.id === openId ? null : actor.id)}
              >
                <span className="mt-sheets-name">{actor.name}</span>{' '}
                <span className="mt-hint">
                  {actor.type}
                  {actor.owners.length > 0 ? ` · ${ownerNames(actor.owners)}` : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {isGm && sheets?.ok === true && (
        <NewCharacterForm
          session={session}
          sheets={sheets.sheets}
          members={members}
          edits={sent.edits}
          onCreated={setOpenId}
        />
      )}
      <SentEditStatus edits={sent.edits} state={sent.state} testId="characters" />
      {problem !== null && (
        <p className="mt-error" role="alert">
          {problem}
        </p>
      )}
      {open !== undefined && sheetOf(open.type) === undefined && sheets?.ok === true && (
        <p className="mt-error" role="alert">
          The game system has no sheet for “{open.type}”.
        </p>
      )}
      {open !== undefined && sheetOf(open.type) !== undefined && (
        <>
          {deleting === open.id && (
            <p className="mt-sheet-confirm" role="alert">
              Delete {open.name} for everyone?{' '}
              <button
                type="button"
                className="mt-button"
                data-testid="sheet-delete-confirm"
                onClick={() => remove(open.id)}
              >
                Delete
              </button>{' '}
              <button type="button" className="mt-button" onClick={() => setDeleting(null)}>
                Keep
              </button>
            </p>
          )}
          <CharacterSheet
            key={open.id}
            session={session}
            sheet={sheetOf(open.type) as NonNullable<ReturnType<typeof sheetOf>>}
            actor={open}
            ownerNames={ownerNames(open.owners)}
            {...(isGm ? { onDelete: () => setDeleting(open.id) } : {})}
          />
        </>
      )}
    </details>
  );
}
