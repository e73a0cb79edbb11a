/**
 * The GM's editor of one journal page: title, markdown body, an optional image from the
 * library, and with whom it is shared (nobody yet, everyone, or chosen members), with a preview
 * as the readers will see it. Saving writes the page where its sharing says (journalPages.ts);
 * from a GM's other device its shared copies go to the device that runs the table, and the
 * panel says so until it answers.
 */
import type { Handout, Member } from '@meshtable/schema';
import { useId, useState } from 'react';
import { AssetPicker } from '../board/files/AssetPicker';
import type { SentEdits } from '../campaign/SentEdits';
import { type Sharing, sharedWithOf, sharingOf } from './handoutVisibility';
import { JournalError } from './JournalError';
import { JournalPageView } from './JournalPageView';
import { deleteJournalPage, type JournalSession, saveJournalPage } from './journalPages';

/** Props of {@link JournalEditor}. */
export interface JournalEditorProps {
  readonly session: JournalSession;
  /** The page to edit, or a new one. */
  readonly page: Handout;
  /** Whether the page is stored already (it can then be deleted). */
  readonly stored: boolean;
  /** The players the page can be shared with. */
  readonly players: readonly Member[];
  readonly relayUrl: string;
  /** Where a change sent from a GM's other device is followed (the panel shows it). */
  readonly edits: SentEdits;
  /** Saved (the page as stored), deleted (null) or cancelled (undefined). */
  readonly onDone: (saved: Handout | null | undefined) => void;
}

type SharingKind = Sharing['kind'];

const SHARING_LABEL: Record<SharingKind, string> = {
  draft: 'Nobody yet (draft)',
  all: 'Everyone',
  some: 'Chosen players',
};

/** The editor: see the file's comment. */
export function JournalEditor({
  session,
  page,
  stored,
  players,
  relayUrl,
  edits,
  onDone,
}: JournalEditorProps) {
  const initial = sharingOf(page);
  const [name, setName] = useState(page.name);
  const [body, setBody] = useState(page.body);
  const [image, setImage] = useState(page.image);
  const [kind, setKind] = useState<SharingKind>(initial.kind);
  const [readers, setReaders] = useState<readonly string[]>(
    initial.kind === 'some' ? initial.readers : [],
  );
  const [preview, setPreview] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const ids = { title: useId(), body: useId(), sharing: useId() };

  const sharing: Sharing =
    kind === 'some' ? { kind, readers } : kind === 'all' ? { kind } : { kind: 'draft' };
  const draft: Handout = { id: page.id, name, body, image, sharedWith: sharedWithOf(sharing) };

  const run = (action: () => Handout | null) => {
    try {
      onDone(action());
    } catch (error) {
      setProblem(
        error instanceof JournalError || error instanceof Error ? error.message : String(error),
      );
    }
  };
  const save = () => {
    if (kind === 'some' && readers.length === 0) {
      setProblem('Choose at least one player to share the page with, or keep it as a draft.');
      return;
    }
    run(() => {
      const saved = saveJournalPage(session, draft);
      edits.track('share the page', saved.sent);
      return saved.page;
    });
  };

  return (
    <form
      className="mt-form mt-journal-editor"
      data-testid="journal-editor"
      aria-label={stored ? `Edit “${page.name}”` : 'New journal page'}
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <label className="mt-field" htmlFor={ids.title}>
        <span>Title</span>
        <input
          id={ids.title}
          value={name}
          maxLength={100}
          required
          data-testid="journal-title"
          onChange={(event) => setName(event.target.value)}
        />
      </label>
      <label className="mt-field" htmlFor={ids.body}>
        <span>Text (markdown)</span>
        <textarea
          id={ids.body}
          value={body}
          rows={8}
          maxLength={200_000}
          data-testid="journal-body"
          onChange={(event) => setBody(event.target.value)}
        />
      </label>
      <AssetPicker
        value={image}
        onChange={setImage}
        label="Image"
        emptyText="None"
        dialogTitle={`Choose the image of “${name || 'the page'}”`}
        pickLabel="Use on the page"
        testId="journal-image"
      />
      <fieldset className="mt-journal-sharing" data-testid="journal-sharing">
        <legend>Shared with</legend>
        {(Object.keys(SHARING_LABEL) as SharingKind[]).map((option) => (
          <label key={option} className="mt-check">
            <input
              type="radio"
              name={ids.sharing}
              value={option}
              checked={kind === option}
              data-testid={`journal-share-${option}`}
              onChange={() => setKind(option)}
            />
            {SHARING_LABEL[option]}
          </label>
        ))}
        {kind === 'some' &&
          (players.length === 0 ? (
            <p className="mt-hint">No player has joined the table yet.</p>
          ) : (
            <fieldset className="mt-journal-readers">
              <legend className="mt-visually-hidden">Players who read it</legend>
              {players.map((player) => (
                <label key={player.userId} className="mt-check">
                  <input
                    type="checkbox"
                    checked={readers.includes(player.userId)}
                    data-testid="journal-reader"
                    data-user-id={player.userId}
                    onChange={(event) =>
                      setReaders((now) =>
                        event.target.checked
                          ? [...now, player.userId]
                          : now.filter((id) => id !== player.userId),
                      )
                    }
                  />
                  {player.name}
                </label>
              ))}
            </fieldset>
          ))}
      </fieldset>
      {preview && (
        <section className="mt-journal-preview" aria-label="Preview">
          <JournalPageView
            page={{ ...draft, name: name.trim() || 'Untitled' }}
            relayUrl={relayUrl}
            testId="journal-preview"
          />
        </section>
      )}
      {problem !== null && (
        <p className="mt-error" role="alert" data-testid="journal-problem">
          {problem}
        </p>
      )}
      <div className="mt-panel-actions">
        <button type="submit" className="mt-button mt-primary" data-testid="journal-save">
          Save
        </button>
        <button
          type="button"
          className="mt-button"
          aria-pressed={preview}
          data-testid="journal-preview-toggle"
          onClick={() => setPreview((now) => !now)}
        >
          {preview ? 'Hide preview' : 'Preview'}
        </button>
        <button type="button" className="mt-button" onClick={() => onDone(undefined)}>
          Cancel
        </button>
        {stored &&
          (confirmDelete ? (
            <button
              type="button"
              className="mt-button mt-danger"
              data-testid="journal-delete-confirm"
              onClick={() =>
                run(() => {
                  edits.track('take the page back', deleteJournalPage(session, page.id));
                  return null;
                })
              }
            >
              Delete “{page.name}” for good
            </button>
          ) : (
            <button
              type="button"
              className="mt-button"
              data-testid="journal-delete"
              onClick={() => setConfirmDelete(true)}
            >
              Delete
            </button>
          ))}
      </div>
    </form>
  );
}
