/**
 * The journal, in its own section of the board's dock: the pages this viewer may read, one
 * open at a time. GMs also write pages (JournalEditor.tsx), keep drafts, and share each with
 * everyone or with chosen players, from any GM device; a player's journal holds only what was
 * shared with them.
 */
import type { Handout, Member } from '@meshtable/schema';
import { useState } from 'react';
import { useInitiallyOpen } from '../board/campaignBoard/useInitiallyOpen';
import { newRecordId } from '../board/records/patchRecord';
import type { CampaignSession } from '../campaign/CampaignSession';
import { SentEditStatus } from '../campaign/SentEditStatus';
import { useCampaignSessionState } from '../campaign/useCampaignSession';
import { useSentEdits } from '../campaign/useSentEdits';
import type { JournalEntry, Sharing } from './handoutVisibility';
import { JournalEditor } from './JournalEditor';
import { JournalPageView } from './JournalPageView';
import { useJournal } from './useJournal';
import './journal.css';

type Mode =
  | { readonly kind: 'list' }
  | { readonly kind: 'read'; readonly id: string }
  | { readonly kind: 'edit'; readonly page: Handout; readonly stored: boolean };

function newPage(): Handout {
  return { id: newRecordId(), name: '', body: '', image: null, sharedWith: [] };
}

/** The Journal panel: see the file's comment. */
export function JournalPanel({ session }: { readonly session: CampaignSession }) {
  const open = useInitiallyOpen();
  const isGm = useCampaignSessionState(session).role === 'gm' && session.gm !== null;
  const journal = useJournal(session);
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const sent = useSentEdits();
  const relayUrl = session.assetRelay.url;
  const reading =
    mode.kind === 'read' ? journal.entries.find((entry) => entry.page.id === mode.id) : undefined;
  const players = [...journal.members.values()].filter(
    (member) => member.status === 'member' && member.role === 'player',
  );
  return (
    <details className="mt-panel mt-journal-panel" open={open} data-testid="journal-panel">
      <summary>
        Journal
        <span className="mt-panel-summary-note">
          {' '}
          · {journal.entries.length} {journal.entries.length === 1 ? 'page' : 'pages'}
        </span>
      </summary>
      {mode.kind === 'edit' && isGm ? (
        <JournalEditor
          key={mode.page.id}
          session={session}
          page={mode.page}
          stored={mode.stored}
          players={players}
          relayUrl={relayUrl}
          edits={sent.edits}
          onDone={(saved) =>
            setMode(
              saved === undefined
                ? mode.stored
                  ? { kind: 'read', id: mode.page.id }
                  : { kind: 'list' }
                : saved === null
                  ? { kind: 'list' }
                  : { kind: 'read', id: saved.id },
            )
          }
        />
      ) : reading !== undefined ? (
        <div className="mt-journal-reader">
          <div className="mt-panel-actions">
            <button
              type="button"
              className="mt-button"
              data-testid="journal-back"
              onClick={() => setMode({ kind: 'list' })}
            >
              ← All pages
            </button>
            {isGm && (
              <button
                type="button"
                className="mt-button"
                data-testid="journal-edit"
                onClick={() => setMode({ kind: 'edit', page: reading.page, stored: true })}
              >
                Edit
              </button>
            )}
          </div>
          <p className="mt-hint" data-testid="journal-page-sharing">
            {sharingText(reading.sharing, journal.members, session.me.userId, isGm)}
          </p>
          <JournalPageView page={reading.page} relayUrl={relayUrl} />
        </div>
      ) : (
        <>
          {journal.entries.length === 0 ? (
            <p className="mt-hint" data-testid="journal-empty">
              {isGm
                ? 'No pages yet: write one, then share it with everyone or with some players.'
                : 'Nothing has been shared with you yet.'}
            </p>
          ) : (
            <ul className="mt-row-list" aria-label="Journal pages">
              {journal.entries.map((entry) => (
                <li key={entry.page.id}>
                  <JournalLink
                    entry={entry}
                    members={journal.members}
                    me={session.me.userId}
                    isGm={isGm}
                    onOpen={() => setMode({ kind: 'read', id: entry.page.id })}
                  />
                </li>
              ))}
            </ul>
          )}
          {isGm && (
            <div className="mt-panel-actions">
              <button
                type="button"
                className="mt-button"
                data-testid="journal-new"
                onClick={() => setMode({ kind: 'edit', page: newPage(), stored: false })}
              >
                New page
              </button>
            </div>
          )}
        </>
      )}
      <SentEditStatus edits={sent.edits} state={sent.state} testId="journal" />
      {journal.problems.map((problem) => (
        <p key={problem} className="mt-error" role="alert">
          {problem}
        </p>
      ))}
    </details>
  );
}

function JournalLink({
  entry,
  members,
  me,
  isGm,
  onOpen,
}: {
  readonly entry: JournalEntry;
  readonly members: ReadonlyMap<string, Member>;
  readonly me: string;
  readonly isGm: boolean;
  readonly onOpen: () => void;
}) {
  return (
    <button
      type="button"
      className="mt-row-button mt-journal-link"
      data-testid="journal-link"
      data-page-id={entry.page.id}
      data-sharing={entry.sharing.kind}
      onClick={onOpen}
    >
      <span className="mt-journal-link-name">{entry.page.name}</span>
      <span className="mt-tag">{sharingTag(entry.sharing, members, me, isGm)}</span>
    </button>
  );
}

function names(readers: readonly string[], members: ReadonlyMap<string, Member>, me: string) {
  return readers
    .filter((id) => id !== me && members.get(id)?.role !== 'gm')
    .map((id) => members.get(id)?.name ?? 'someone who left');
}

function sharingTag(
  sharing: Sharing,
  members: ReadonlyMap<string, Member>,
  me: string,
  isGm: boolean,
): string {
  if (sharing.kind === 'draft') return 'Draft';
  if (sharing.kind === 'all') return 'Everyone';
  if (!isGm) return 'For you';
  const readers = names(sharing.readers, members, me);
  return readers.length <= 2 ? readers.join(', ') : `${readers.length} players`;
}

function sharingText(
  sharing: Sharing,
  members: ReadonlyMap<string, Member>,
  me: string,
  isGm: boolean,
): string {
  if (sharing.kind === 'draft') return 'A draft: no player sees it.';
  if (sharing.kind === 'all') return 'Shared with everyone at the table.';
  const others = names(sharing.readers, members, me);
  if (isGm) return `Shared with ${others.join(', ')} only (sealed to them).`;
  return others.length === 0
    ? 'Shared with you only.'
    : `Shared with you and ${others.join(', ')}.`;
}
