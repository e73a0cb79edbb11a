import { currentCombatant, type InitiativeRoll } from '@meshtable/campaign';
import type { Combat, Combatant, Receipt } from '@meshtable/schema';
import { useState } from 'react';
import { useInitiallyOpen } from '../board/campaignBoard/useInitiallyOpen';
import type { CampaignSession } from '../campaign/CampaignSession';
import { SentEditStatus } from '../campaign/SentEditStatus';
import { useSentEdits } from '../campaign/useSentEdits';
import { AddCombatants } from './AddCombatants';
import { CombatantRow } from './CombatantRow';
import {
  addCombatants,
  advanceTurn,
  type CombatSent,
  endEncounter,
  removeCombatant,
  rewindTurn,
  setInitiative,
  startEncounter,
} from './combatWrites';
import { formatInitiative } from './formatInitiative';
import { type CombatSnapshot, useCombat } from './useCombat';
import { useNextTurnShortcut } from './useNextTurnShortcut';
import './combat.css';

/**
 * Makes a change the panel asked for: `what` it is, for the refusal's message; `change` returns
 * the `gm.edit` it sent from a GM's other device (null when written here).
 */
type Run = (what: string, change: () => CombatSent) => void;

/**
 * The combat panel (docs/combat.md): the initiative order, the round and whose turn it is, for
 * everyone; a player rolls initiative for their own combatants; a GM starts an encounter on the
 * party's scene, adds its tokens, rolls (all, or one), edits a value by hand, removes combatants,
 * moves the turn (Shift+N for the next one) and ends the encounter. Rolls are `combat.initiative`
 * intents, ruled by the GM's validator with the module's `initiative` hook; everything else is
 * a GM's write from any of their devices (combatWrites.ts): on one that does not run the table
 * the panel says it is on its way, holds the encounter's controls until it is applied (a next
 * change is made from the encounter as the table holds it), and says why the table refused it.
 */
export function CombatPanel({ session }: { readonly session: CampaignSession }) {
  const open = useInitiallyOpen();
  const snapshot = useCombat(session);
  const [failure, setFailure] = useState<string | null>(null);
  const [rolling, setRolling] = useState(0);
  const [lastRolls, setLastRolls] = useState<readonly InitiativeRoll[]>([]);
  const { encounter } = snapshot;
  const isGm = snapshot.role === 'gm';

  const sent = useSentEdits();
  const run: Run = (what, change) => {
    try {
      sent.edits.track(what, change());
      setFailure(null);
    } catch (error) {
      setFailure((error as Error).message);
    }
  };
  const roll = (combatantIds: readonly string[]) =>
    run('roll initiative', () => {
      if (encounter === null || combatantIds.length === 0) return null;
      const ticket = session.intents.requestInitiative(encounter.id, combatantIds);
      setRolling((count) => count + 1);
      ticket.receipt
        .then((receipt) => {
          if (receipt.status === 'rejected') setFailure(receipt.reason);
          else setLastRolls(rollsOf(receipt));
        })
        .catch((error: unknown) => setFailure((error as Error).message))
        .finally(() => setRolling((count) => count - 1));
      // The roll's own receipt is followed above.
      return null;
    });
  const next = () =>
    run('move to the next turn', () =>
      encounter === null ? null : advanceTurn(session, encounter.id),
    );
  // While this device's roll or sent change is being ruled, the encounter waits: the ruling
  // re-orders the combatants it read before, and a change made meanwhile would be overtaken.
  const busy = rolling > 0 || sent.state.pending > 0;
  useNextTurnShortcut(isGm && !busy && encounter !== null && encounter.combatants.length > 0, next);

  const current = encounter === null ? null : currentCombatant(encounter);
  return (
    <details className="mt-panel mt-combat-panel" open={open} data-testid="combat-panel">
      <summary>
        Combat
        {encounter !== null && (
          <span className="mt-panel-summary-note" data-testid="combat-summary">
            {' '}
            · {encounter.round === 0 ? 'setting up' : `round ${encounter.round}`}
            {current !== null && ` · ${current.name}`}
          </span>
        )}
      </summary>
      {encounter === null ? (
        <NoEncounter snapshot={snapshot} run={run} session={session} busy={busy} />
      ) : (
        <>
          <TurnLine combat={encounter} current={current} />
          {encounter.combatants.length === 0 ? (
            <p className="mt-hint" data-testid="combat-empty">
              {isGm ? 'Add combatants from the scene’s tokens below.' : 'No one has joined yet.'}
            </p>
          ) : (
            <ol
              className="mt-combat-order"
              aria-label="Initiative order"
              data-testid="combat-order"
            >
              {encounter.combatants.map((combatant) => (
                <CombatantRow
                  key={combatant.id}
                  combatant={combatant}
                  current={current?.id === combatant.id}
                  isGm={isGm}
                  mayRoll={
                    isGm || (snapshot.mine.has(combatant.id) && combatant.initiative === null)
                  }
                  rolling={busy}
                  onRoll={() => roll([combatant.id])}
                  onSet={(value) =>
                    run('change an initiative', () =>
                      setInitiative(session, encounter.id, combatant.id, value),
                    )
                  }
                  onRemove={() =>
                    run('remove a combatant', () =>
                      removeCombatant(session, encounter.id, combatant.id),
                    )
                  }
                />
              ))}
            </ol>
          )}
          {lastRolls.length > 0 && <LastRolls rolls={lastRolls} />}
          {isGm && (
            <GmControls
              combat={encounter}
              rolling={busy}
              onRollAll={() => roll(unrolled(encounter))}
              onNext={next}
              onPrevious={() => run('move back a turn', () => rewindTurn(session, encounter.id))}
              onEnd={() => run('end the encounter', () => endEncounter(session, encounter.id))}
            />
          )}
          {isGm && (
            <AddCombatants
              tokens={snapshot.addable}
              disabled={busy}
              onAdd={(tokens) =>
                run('add combatants', () => addCombatants(session, encounter.id, tokens))
              }
            />
          )}
        </>
      )}
      <SentEditStatus edits={sent.edits} state={sent.state} testId="combat" />
      {failure !== null && (
        <p className="mt-error" role="alert" data-testid="combat-error">
          {failure}
        </p>
      )}
    </details>
  );
}

function NoEncounter({
  snapshot,
  run,
  session,
  busy,
}: {
  readonly snapshot: CombatSnapshot;
  readonly run: Run;
  readonly session: CampaignSession;
  /** A change is on its way to the table: a second start would make a second encounter. */
  readonly busy: boolean;
}) {
  const { scene } = snapshot;
  if (snapshot.role !== 'gm') {
    return (
      <p className="mt-hint" data-testid="combat-none">
        No fight right now.
      </p>
    );
  }
  if (scene === null) {
    return (
      <p className="mt-hint" data-testid="combat-none">
        Share a scene and move the party there to start an encounter on it.
      </p>
    );
  }
  return (
    <button
      type="button"
      className="mt-button mt-primary"
      data-testid="combat-start"
      disabled={busy}
      onClick={() => run('start an encounter', () => startEncounter(session, scene.id).sent)}
    >
      Start an encounter on {scene.name}
    </button>
  );
}

/** The round and whose turn it is, announced to screen readers as it changes. */
function TurnLine({
  combat,
  current,
}: {
  readonly combat: Combat;
  readonly current: Combatant | null;
}) {
  return (
    <p
      className="mt-combat-turn"
      data-testid="combat-turn"
      data-round={combat.round}
      data-current={current?.id ?? ''}
      aria-live="polite"
    >
      {combat.round === 0 ? (
        'Setting up: roll initiative, then start round 1.'
      ) : (
        <>
          <strong>Round {combat.round}</strong>
          {current !== null && <> · {current.name}’s turn</>}
        </>
      )}
    </p>
  );
}

function GmControls({
  combat,
  rolling,
  onRollAll,
  onNext,
  onPrevious,
  onEnd,
}: {
  readonly combat: Combat;
  readonly rolling: boolean;
  readonly onRollAll: () => void;
  readonly onNext: () => void;
  readonly onPrevious: () => void;
  readonly onEnd: () => void;
}) {
  const [ending, setEnding] = useState(false);
  const empty = combat.combatants.length === 0;
  return (
    <div className="mt-panel-actions" data-testid="combat-controls">
      <button
        type="button"
        className="mt-button"
        data-testid="combat-roll-all"
        disabled={rolling || unrolled(combat).length === 0}
        onClick={onRollAll}
      >
        Roll for everyone unrolled
      </button>
      <button
        type="button"
        className="mt-button"
        data-testid="combat-previous"
        disabled={rolling || combat.round === 0}
        onClick={onPrevious}
      >
        Previous
      </button>
      <button
        type="button"
        className="mt-button mt-primary"
        data-testid="combat-next"
        disabled={rolling || empty}
        aria-keyshortcuts="Shift+N"
        title="Shift+N"
        onClick={onNext}
      >
        {combat.round === 0 ? 'Start round 1' : 'Next turn'}
      </button>
      {ending ? (
        <fieldset className="mt-confirm">
          <legend className="mt-visually-hidden">End the encounter?</legend>
          <button
            type="button"
            className="mt-button mt-danger"
            data-testid="combat-end-confirm"
            onClick={onEnd}
          >
            End it
          </button>
          <button type="button" className="mt-button" onClick={() => setEnding(false)}>
            Keep fighting
          </button>
        </fieldset>
      ) : (
        <button
          type="button"
          className="mt-button"
          data-testid="combat-end"
          disabled={rolling}
          onClick={() => setEnding(true)}
        >
          End encounter
        </button>
      )}
    </div>
  );
}

/** What this device's last initiative roll gave, dice included (the receipt's own). */
function LastRolls({ rolls }: { readonly rolls: readonly InitiativeRoll[] }) {
  return (
    <p className="mt-hint" data-testid="combat-last-rolls">
      Rolled:{' '}
      {rolls
        .map(
          (rolled) =>
            `${rolled.name} ${formatInitiative(rolled.initiative)} (${rolled.by === 'd20' ? 'a plain d20: ' : 'rolled '}${rolled.dice.join(', ')})`,
        )
        .join('; ')}
    </p>
  );
}

function unrolled(combat: Combat): string[] {
  return combat.combatants.filter((c) => c.initiative === null).map((c) => c.id);
}

function rollsOf(receipt: Receipt): InitiativeRoll[] {
  if (receipt.status !== 'applied') return [];
  const result = receipt.result as { rolls?: unknown } | undefined;
  return Array.isArray(result?.rolls) ? (result.rolls as InitiativeRoll[]) : [];
}
