import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { BoardSession } from '../campaignBoard/boardSession';
import type {
  BoardSnapshot,
  CampaignBoardController,
} from '../campaignBoard/CampaignBoardController';
import { useInitiallyOpen } from '../campaignBoard/useInitiallyOpen';
import { useBoardFilesContext } from '../files/BoardFilesContext';
import { ImportMapButton } from './ImportMapButton';
import { SceneSettingsForm } from './SceneSettingsForm';
import type { SceneEntry } from './sceneRecords';
import {
  activateScene,
  createScene,
  deleteScene,
  moveSceneInList,
  type SentEdit,
  setSceneHidden,
  updateScene,
} from './sceneWrites';

/** Props of {@link ScenePanel}. */
export interface ScenePanelProps {
  readonly snapshot: BoardSnapshot;
  readonly controller: CampaignBoardController;
  readonly session: BoardSession;
}

/**
 * The scene list. Everyone sees the scenes they may look at, which one the party is on, and can
 * look at another and come back ("Follow the party"). A GM also creates scenes (hidden until
 * shared) or imports them from map files, orders them, shares or hides them, moves the party,
 * and edits the scene on the board (its background from the library).
 * A disclosure section: native, so it opens and closes from the keyboard; closed at first on a
 * small screen. On a GM device that does not run the table, a change the table refuses (its
 * `gm.edit` rejected) says why here.
 */
export function ScenePanel({ snapshot, controller, session }: ScenePanelProps) {
  const open = useInitiallyOpen();
  const boardFiles = useBoardFilesContext();
  const { scenes, viewed, following, viewer } = snapshot;
  const [refused, setRefused] = useState<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  // A change sent from a GM's other device is answered later, by the device that runs the table.
  const run = useCallback(
    (change: () => SentEdit) =>
      controller.run(() => {
        setRefused(null);
        void change()?.receipt.then((receipt) => {
          if (receipt.status === 'rejected' && mounted.current) setRefused(receipt.reason);
        });
      }),
    [controller],
  );
  return (
    <details className="mt-panel" open={open} data-testid="scene-panel">
      <summary>
        Scenes
        {viewed !== null && <span className="mt-panel-summary-note"> · {viewed.scene.name}</span>}
      </summary>
      {scenes.length === 0 ? (
        <p className="mt-hint" data-testid="no-scenes">
          {viewer.isGm ? 'No scene yet: make one below.' : 'The GM has not shared a scene yet.'}
        </p>
      ) : (
        <ol className="mt-scene-list" aria-label="Scenes">
          {scenes.map((entry, index) => (
            <SceneRow
              key={entry.scene.id}
              entry={entry}
              viewed={viewed?.scene.id === entry.scene.id}
              first={index === 0}
              last={index === scenes.length - 1}
              isGm={viewer.isGm}
              onView={() => controller.viewScene(entry.scene.id)}
              run={run}
              session={session}
            />
          ))}
        </ol>
      )}
      {refused !== null && (
        <p className="mt-error" role="alert" data-testid="scene-refused">
          The table refused that change: {refused}{' '}
          <button
            type="button"
            className="mt-button"
            aria-label="Dismiss the refusal"
            onClick={() => setRefused(null)}
          >
            Dismiss
          </button>
        </p>
      )}
      {!following && (
        <button
          type="button"
          className="mt-button"
          data-testid="follow-party"
          onClick={() => controller.viewScene(null)}
        >
          Follow the party
        </button>
      )}
      {viewer.isGm && (
        <NewSceneForm
          onCreate={(name) =>
            controller.run(() => controller.viewScene(createScene(session, name)))
          }
        />
      )}
      {viewer.isGm && boardFiles !== null && <ImportMapButton files={boardFiles.files} />}
      {viewer.isGm && viewed !== null && (
        <SceneSettingsForm
          key={viewed.scene.id}
          scene={viewed.scene}
          onSave={(patch) => run(() => updateScene(session, viewed.scene.id, patch))}
          onBackground={(background) =>
            run(() => updateScene(session, viewed.scene.id, { background }))
          }
        />
      )}
    </details>
  );
}

function SceneRow({
  entry,
  viewed,
  first,
  last,
  isGm,
  onView,
  run,
  session,
}: {
  readonly entry: SceneEntry;
  readonly viewed: boolean;
  readonly first: boolean;
  readonly last: boolean;
  readonly isGm: boolean;
  readonly onView: () => void;
  readonly run: (change: () => SentEdit) => boolean;
  readonly session: BoardSession;
}) {
  const { scene, hidden, active } = entry;
  // Deleting asks once more, in place: it takes the scene's tokens, fog and drawings with it.
  const [confirming, setConfirming] = useState(false);
  return (
    <li
      className="mt-scene-item"
      data-testid="scene-item"
      data-scene-id={scene.id}
      data-hidden={hidden}
      data-active={active}
      aria-current={viewed ? 'true' : undefined}
    >
      <div className="mt-scene-row">
        <button
          type="button"
          className="mt-scene-name"
          aria-pressed={viewed}
          onClick={onView}
          title={`Look at ${scene.name}`}
        >
          {scene.name}
        </button>
        {active && <span className="mt-tag mt-tag-party">Party here</span>}
        {hidden && <span className="mt-tag">Hidden</span>}
      </div>
      {isGm && viewed && (
        <div className="mt-scene-actions">
          <button
            type="button"
            className="mt-button"
            aria-label={`Move ${scene.name} up`}
            disabled={first}
            onClick={() => run(() => moveSceneInList(session, scene.id, -1))}
          >
            ↑
          </button>
          <button
            type="button"
            className="mt-button"
            aria-label={`Move ${scene.name} down`}
            disabled={last}
            onClick={() => run(() => moveSceneInList(session, scene.id, 1))}
          >
            ↓
          </button>
          {!active && (
            <button
              type="button"
              className="mt-button"
              data-testid="activate-scene"
              onClick={() => run(() => activateScene(session, scene.id))}
            >
              Move the party here
            </button>
          )}
          <button
            type="button"
            className="mt-button"
            data-testid={hidden ? 'share-scene' : 'hide-scene'}
            onClick={() => run(() => setSceneHidden(session, scene.id, !hidden))}
          >
            {hidden ? 'Share with players' : 'Hide from players'}
          </button>
          {!confirming && (
            <button
              type="button"
              className="mt-button"
              data-testid="delete-scene"
              onClick={() => setConfirming(true)}
            >
              Delete…
            </button>
          )}
        </div>
      )}
      {isGm && viewed && confirming && (
        <div className="mt-scene-confirm" role="alert" data-testid="delete-scene-confirm">
          <p>
            Delete <strong>{scene.name}</strong> with its tokens, fog of war, drawings and
            encounters? Characters stay.
          </p>
          <button
            type="button"
            className="mt-button mt-button-danger"
            data-testid="delete-scene-yes"
            onClick={() => {
              if (run(() => deleteScene(session, scene.id))) setConfirming(false);
            }}
          >
            Delete the scene
          </button>
          <button
            type="button"
            className="mt-button"
            data-testid="delete-scene-no"
            onClick={() => setConfirming(false)}
          >
            Keep it
          </button>
        </div>
      )}
    </li>
  );
}

function NewSceneForm({ onCreate }: { readonly onCreate: (name: string) => boolean }) {
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') return;
    if (onCreate(trimmed)) setName('');
  };
  return (
    <form className="mt-inline-form" onSubmit={submit} data-testid="new-scene-form">
      <label>
        <span className="mt-visually-hidden">New scene name</span>
        <input
          value={name}
          maxLength={100}
          placeholder="New scene name"
          data-testid="new-scene-name"
          onChange={(event) => setName(event.target.value)}
        />
      </label>
      <button
        type="submit"
        className="mt-button"
        data-testid="new-scene"
        disabled={name.trim() === ''}
      >
        Add scene
      </button>
    </form>
  );
}
