/**
 * One actor's sheet, drawn from the module's sheet definition alone: its title, its sections
 * (each a disclosure, the first open), derive's values computed in the sandbox, and every edit
 * and roll of its fields. Which controls are live follows who looks (sheetModel editRoute): the
 * validating GM writes anything, an owner writes player-editable fields and asks for the rest,
 * everyone else reads.
 */
import type { JsonValue } from '@meshtable/sandbox';
import { type Actor, checkListRow, type ListField, type Sheet } from '@meshtable/schema';
import { type CSSProperties, useCallback, useMemo, useState } from 'react';
import type { CampaignSession } from '../campaign/CampaignSession';
import { useCampaignSessionState } from '../campaign/useCampaignSession';
import { writePost } from '../chat/sendChat';
import { SheetContext, type SheetContextValue } from './SheetContext';
import { SheetFieldView } from './SheetFieldView';
import { applySheetEdit } from './sheetEdits';
import {
  actorPath,
  boundValue,
  checkFieldValue,
  editRoute,
  isListField,
  isValueField,
  type SheetValues,
  sourceValue,
} from './sheetModel';
import { useDerived, useDeviceKnown, usePendingEdits } from './useSheetData';

/** Props of {@link CharacterSheet}. */
export interface CharacterSheetProps {
  readonly session: CampaignSession;
  readonly sheet: Sheet;
  readonly actor: Actor;
  /** Names of members by userId, to say who plays the character. */
  readonly ownerNames: string;
  readonly onDelete?: () => void;
}

/** The sheet of one actor. */
export function CharacterSheet({
  session,
  sheet,
  actor,
  ownerNames,
  onDelete,
}: CharacterSheetProps) {
  const state = useCampaignSessionState(session);
  const derived = useDerived(state.system?.loaded ? session.rules : null, actor);
  const deviceKnown = useDeviceKnown(session);
  const pending = usePendingEdits(session, actor.id);
  const [problems, setProblems] = useState<ReadonlyMap<string, string>>(new Map());
  const isGm = state.role === 'gm';
  const viewer = useMemo(
    () => ({
      isGm,
      validating: state.validating,
      isOwner: actor.owners.includes(session.me.userId),
      deviceKnown,
    }),
    [isGm, state.validating, actor.owners, session.me.userId, deviceKnown],
  );
  const values: SheetValues = useMemo(
    () => ({ actor, derived: derived.status === 'ok' ? derived.value : null }),
    [actor, derived],
  );

  const setProblem = useCallback((field: string, problem: string | null) => {
    setProblems((now) => {
      const next = new Map(now);
      if (problem === null) next.delete(field);
      else next.set(field, problem);
      return next;
    });
  }, []);

  const context: SheetContextValue = useMemo(() => {
    const fields = new Map(
      sheet.sections.flatMap((section) =>
        section.fields
          .filter((field) => 'field' in field)
          .map((field) => [(field as { field: string }).field, field]),
      ),
    );
    return {
      sheet,
      actor,
      values,
      pending,
      problems,
      canRoll: viewer.isOwner || viewer.isGm,
      assetBase: session.assetRelay.url,
      routeOf: (field) => editRoute(field, viewer),
      commit: (path, route, value) => {
        const field = fields.get(path);
        const problem =
          field === undefined
            ? 'This field is not on the sheet.'
            : isValueField(field)
              ? checkFieldValue(field, value, values)
              : isListField(field)
                ? checkRows(field, value)
                : 'This value is computed by the rules.';
        if (problem !== null) {
          setProblem(path, problem);
          return;
        }
        setProblem(path, null);
        try {
          const outcome = applySheetEdit(
            session,
            route,
            actor.id,
            actorPath(path),
            value as JsonValue,
          );
          if (outcome.status === 'sent') {
            outcome.receipt.then(
              (receipt) => {
                if (receipt.status === 'rejected') setProblem(path, `Refused: ${receipt.reason}`);
              },
              (error: unknown) => setProblem(path, String(error)),
            );
          }
        } catch (error) {
          setProblem(path, (error as Error).message);
        }
      },
      roll: ({ notation, label, options }) => {
        try {
          const ticket = session.intents.requestRoll(notation, { label, request: options });
          // The roll's card in the chat, on every screen: who rolled what, and the dice once the
          // GM's receipt comes (chat/RollCardView.tsx verifies them).
          writePost(session, {
            kind: 'roll',
            text: `${actor.name}: ${label}`,
            intentId: ticket.id,
          });
          return { sent: true, receipt: ticket.receipt };
        } catch (error) {
          return { sent: false, reason: (error as Error).message };
        }
      },
    };
  }, [sheet, actor, values, pending, problems, viewer, session, setProblem]);

  const title =
    sheet.title.field !== undefined
      ? boundValue(actor, sheet.title.field)
      : sourceValue(sheet.title, values);
  return (
    <SheetContext.Provider value={context}>
      <article
        className="mt-sheet"
        data-testid="character-sheet"
        data-actor={actor.id}
        aria-label={`Sheet of ${actor.name}`}
      >
        <header className="mt-sheet-header">
          <h3 data-testid="sheet-title">
            {typeof title === 'string' && title !== '' ? title : actor.name}
          </h3>
          <p className="mt-hint">
            {ownerNames === '' ? 'The GM’s character' : `Played by ${ownerNames}`}
            {viewer.isOwner || isGm ? '' : ' · read-only'}
          </p>
          {derived.status === 'error' && (
            <p className="mt-error" role="alert" data-testid="sheet-derive-error">
              The rules could not compute this sheet’s values: {derived.message}
            </p>
          )}
          {derived.status === 'waiting' && (
            <p className="mt-hint" data-testid="sheet-derive-waiting">
              Computing values…
            </p>
          )}
          {onDelete !== undefined && (
            <button
              type="button"
              className="mt-button"
              data-testid="sheet-delete"
              onClick={onDelete}
            >
              Delete {actor.name}
            </button>
          )}
        </header>
        {sheet.sections.map((section, index) => (
          <details key={section.title} className="mt-subpanel mt-sheet-section" open={index < 2}>
            <summary>{section.title}</summary>
            <div
              className="mt-sheet-grid"
              style={{ '--mt-sheet-columns': section.columns ?? 1 } as CSSProperties}
            >
              {section.fields.map((field) => (
                <SheetFieldView
                  key={'field' in field ? field.field : `derived:${field.derived}`}
                  field={field}
                />
              ))}
            </div>
          </details>
        ))}
      </article>
    </SheetContext.Provider>
  );
}

/** Why a list value cannot be written: not a list, too many rows, a row that does not fit. */
function checkRows(field: ListField, value: unknown): string | null {
  if (!Array.isArray(value)) return `${field.label} must be a list`;
  if (field.max !== undefined && value.length > field.max)
    return `${field.label} holds at most ${field.max} rows`;
  for (const [index, row] of value.entries()) {
    const problem = checkListRow(field, row)[0];
    if (problem !== undefined)
      return `${field.label}, row ${index + 1}: ${problem.path.join('.')} ${problem.message}`;
  }
  return null;
}
