import type { Member } from '@meshtable/schema';
import { useState } from 'react';
import { type Editor, useValue } from 'tldraw';
import type { BoardSession } from '../campaignBoard/boardSession';
import type {
  BoardSnapshot,
  CampaignBoardController,
} from '../campaignBoard/CampaignBoardController';
import { useInitiallyOpen } from '../campaignBoard/useInitiallyOpen';
import { AssetPicker } from '../files/AssetPicker';
import { snapTokenPosition } from '../grid/gridGeometry';
import { TokenForm, type TokenFormResult } from './TokenForm';
import { TOKEN_SHAPE_TYPE, type TokenView } from './tokenShape';
import { createToken, deleteToken, setTokenHidden, updateToken } from './tokenWrites';

/** Props of {@link TokenPanel}. */
export interface TokenPanelProps {
  readonly snapshot: BoardSnapshot;
  readonly controller: CampaignBoardController;
  readonly session: BoardSession;
  readonly editor: Editor;
}

/**
 * The GM's token editor: with one token selected on the board, its image (picked from the
 * library, saved at once), name, size, actor, owner and conditions, hiding it from the players
 * (or showing it again) and removing it; with none, a form that places a new token in the
 * middle of the view, on the grid. (An image dropped on the board places a token too:
 * board/files.)
 */
export function TokenPanel({ snapshot, controller, session, editor }: TokenPanelProps) {
  const open = useInitiallyOpen();
  const selectedId = useValue('selected token', () => {
    const shape = editor.getOnlySelectedShape();
    return shape?.type === TOKEN_SHAPE_TYPE ? shape.props.tokenId : null;
  }, [editor]);
  const selected = snapshot.tokens.find((view) => view.token.id === selectedId) ?? null;
  const scene = snapshot.viewed?.scene ?? null;
  const players = [...snapshot.members.values()].filter((member) => member.status === 'member');
  if (scene === null) return null;

  const place = (result: TokenFormResult, hidden: boolean) =>
    controller.run(() => {
      const centre = editor.getViewportPageBounds().center;
      const side = result.size * scene.grid.size;
      const corner = snapTokenPosition(scene.grid, result.size, {
        x: clamp(centre.x - side / 2, 0, scene.width - side),
        y: clamp(centre.y - side / 2, 0, scene.height - side),
      });
      createToken(session, { sceneId: scene.id, ...result, ...corner }, hidden);
    });

  return (
    <details className="mt-panel" open={open} data-testid="token-panel">
      <summary>{selected === null ? 'Tokens' : `Token · ${selected.token.name}`}</summary>
      {selected === null ? (
        <>
          <p className="mt-hint">Select a token on the map to change it, or place a new one.</p>
          <TokenForm
            key="new"
            actors={snapshot.actors}
            members={players}
            submitLabel="Place token"
            withHidden
            withImage
            onSubmit={(result, hidden) => place(result, hidden)}
          />
        </>
      ) : (
        <SelectedToken
          view={selected}
          snapshot={snapshot}
          members={players}
          run={(change) => controller.run(change)}
          session={session}
          onRemoved={() => editor.selectNone()}
        />
      )}
    </details>
  );
}

function SelectedToken({
  view,
  snapshot,
  members,
  run,
  session,
  onRemoved,
}: {
  readonly view: TokenView;
  readonly snapshot: BoardSnapshot;
  readonly members: readonly Member[];
  readonly run: (change: () => void) => boolean;
  readonly session: BoardSession;
  readonly onRemoved: () => void;
}) {
  const { token, hidden } = view;
  return (
    <div data-testid="selected-token" data-token-id={token.id}>
      <AssetPicker
        value={token.image}
        onChange={(image) => run(() => updateToken(session, token.id, { image }))}
        label="Image"
        emptyText="None: its initials"
        dialogTitle={`Choose the image of “${token.name}”`}
        pickLabel="Use for the token"
        testId="token-image"
      />
      <TokenForm
        key={token.id}
        token={token}
        actors={snapshot.actors}
        members={members}
        submitLabel="Save token"
        onSubmit={(result) => run(() => updateToken(session, token.id, result))}
      />
      <div className="mt-panel-actions">
        <button
          type="button"
          className="mt-button"
          data-testid={hidden ? 'reveal-token' : 'hide-token'}
          onClick={() => run(() => setTokenHidden(session, token.id, !hidden))}
        >
          {hidden ? 'Show to players' : 'Hide from players'}
        </button>
        <RemoveButton
          name={token.name}
          onRemove={() => {
            if (run(() => deleteToken(session, token.id))) onRemoved();
          }}
        />
      </div>
    </div>
  );
}

/** Remove, then "Remove <name> for good?": a token removed cannot be brought back. */
function RemoveButton({
  name,
  onRemove,
}: {
  readonly name: string;
  readonly onRemove: () => void;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="mt-button" onClick={() => setAsking(true)}>
        Remove…
      </button>
    );
  }
  return (
    <fieldset className="mt-confirm">
      <legend className="mt-visually-hidden">Remove {name}?</legend>
      <button
        type="button"
        className="mt-button mt-danger"
        data-testid="remove-token"
        onClick={onRemove}
      >
        Remove {name} for good
      </button>
      <button type="button" className="mt-button" onClick={() => setAsking(false)}>
        Keep
      </button>
    </fieldset>
  );
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}
