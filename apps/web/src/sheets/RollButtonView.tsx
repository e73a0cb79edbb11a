/**
 * A roll button of a sheet: it asks its questions (advantage? the DC?) when it has any, sends
 * the roll as a `roll` intent with the notation resolved for this actor (and row), and shows
 * what became of it: sent, then the result the GM's receipt carries, or the reason it was
 * refused. The roll cards in chat are the table's record; this is the roller's own echo.
 */
import type { Receipt, RollButton, RollQuestion } from '@meshtable/schema';
import { useId, useState } from 'react';
import { SafeMarkdown } from '../markdown/SafeMarkdown';
import { useSheet } from './SheetContext';
import { rollRequestOf } from './sheetModel';

type Answer = string | number | boolean;

type RollState =
  | { readonly status: 'idle' }
  | { readonly status: 'asking' }
  | { readonly status: 'sent' }
  | { readonly status: 'applied'; readonly total: string; readonly text: string }
  | { readonly status: 'rejected'; readonly text: string };

/** Props of {@link RollButtonView}. */
export interface RollButtonViewProps {
  readonly button: RollButton;
  /** The list row the button sits in, for `@item` references. */
  readonly item?: unknown;
  /** Told apart from the other rows' buttons: "Attack (row 2)". */
  readonly suffix?: string;
}

/** A roll button with its questions and its last outcome. */
export function RollButtonView({ button, item, suffix = '' }: RollButtonViewProps) {
  const sheet = useSheet();
  const [state, setState] = useState<RollState>({ status: 'idle' });
  const questions = (button.ask ?? [])
    .map((question) => (typeof question === 'string' ? sheet.sheet.prompts?.[question] : question))
    .filter((question): question is RollQuestion => question !== undefined);
  const name = `${button.label}${suffix}`;
  if (!sheet.canRoll) return null;

  const send = (answers: Record<string, Answer>) => {
    let request: ReturnType<typeof rollRequestOf>;
    try {
      request = rollRequestOf(button, sheet.values, answers, item);
    } catch (error) {
      setState({ status: 'rejected', text: `Cannot roll yet: ${(error as Error).message}` });
      return;
    }
    const ticket = sheet.roll(request);
    if (!ticket.sent) {
      setState({ status: 'rejected', text: ticket.reason });
      return;
    }
    setState({ status: 'sent' });
    ticket.receipt.then(
      (receipt) => setState(outcomeOf(receipt, button.label)),
      (error: unknown) => setState({ status: 'rejected', text: String(error) }),
    );
  };

  return (
    <span className="mt-sheet-roll">
      <button
        type="button"
        className="mt-button mt-sheet-roll-button"
        aria-label={`Roll ${name}`}
        title={`Roll ${name}`}
        data-testid="sheet-roll"
        onClick={() => (questions.length > 0 ? setState({ status: 'asking' }) : send({}))}
      >
        Roll
      </button>
      {state.status === 'asking' && (
        <RollQuestions
          questions={questions}
          name={name}
          onRoll={send}
          onCancel={() => setState({ status: 'idle' })}
        />
      )}
      {state.status !== 'idle' && state.status !== 'asking' && (
        <div
          className={state.status === 'rejected' ? 'mt-error' : 'mt-sheet-roll-result'}
          role="status"
          data-testid="sheet-roll-status"
          data-status={state.status}
        >
          {state.status === 'sent' ? (
            `${button.label}: sent, waiting for the GM…`
          ) : state.status === 'applied' ? (
            <>
              <strong>
                {button.label}: {state.total}
              </strong>
              {/* The module's text of the roll is markdown (a dropped die reads ~~5~~). */}
              {state.text !== '' && (
                <SafeMarkdown text={state.text} className="mt-sheet-roll-text" />
              )}
            </>
          ) : (
            state.text
          )}
        </div>
      )}
    </span>
  );
}

/** What a receipt says of a roll: its total and text, or why it was refused. */
function outcomeOf(receipt: Receipt, label: string): RollState {
  if (receipt.status === 'rejected')
    return { status: 'rejected', text: `${label}: refused: ${receipt.reason}` };
  const result = (receipt.result ?? {}) as { total?: unknown; text?: unknown };
  const total = typeof result.total === 'number' ? String(result.total) : '—';
  const text = typeof result.text === 'string' ? result.text : '';
  return { status: 'applied', total, text };
}

/** The questions of a roll button, as a small form. */
function RollQuestions({
  questions,
  name,
  onRoll,
  onCancel,
}: {
  readonly questions: readonly RollQuestion[];
  readonly name: string;
  readonly onRoll: (answers: Record<string, Answer>) => void;
  readonly onCancel: () => void;
}) {
  const id = useId();
  const [answers, setAnswers] = useState<Record<string, Answer>>(() =>
    Object.fromEntries(
      questions.map((question) => [
        question.key,
        question.default ??
          (question.type === 'select'
            ? (question.options[0]?.value ?? '')
            : question.type === 'number'
              ? (question.min ?? 0)
              : false),
      ]),
    ),
  );
  const set = (key: string, value: Answer) => setAnswers((now) => ({ ...now, [key]: value }));
  return (
    <form
      className="mt-sheet-roll-questions"
      aria-label={`Roll ${name}`}
      onSubmit={(event) => {
        event.preventDefault();
        onRoll(answers);
      }}
    >
      {questions.map((question) => (
        <label key={question.key} htmlFor={`${id}-${question.key}`} className="mt-field">
          <span>{question.label}</span>
          {question.type === 'select' ? (
            <select
              id={`${id}-${question.key}`}
              value={String(question.options.findIndex((o) => o.value === answers[question.key]))}
              onChange={(event) => {
                const chosen = question.options[Number(event.target.value)];
                if (chosen !== undefined) set(question.key, chosen.value);
              }}
            >
              {question.options.map((option, at) => (
                <option key={String(option.value)} value={String(at)}>
                  {option.label}
                </option>
              ))}
            </select>
          ) : question.type === 'number' ? (
            <input
              id={`${id}-${question.key}`}
              type="number"
              min={question.min}
              max={question.max}
              value={String(answers[question.key])}
              onChange={(event) => set(question.key, Number(event.target.value))}
            />
          ) : (
            <input
              id={`${id}-${question.key}`}
              type="checkbox"
              checked={answers[question.key] === true}
              onChange={(event) => set(question.key, event.target.checked)}
            />
          )}
        </label>
      ))}
      <span className="mt-panel-actions">
        <button type="submit" className="mt-button mt-primary" data-testid="sheet-roll-go">
          Roll
        </button>
        <button type="button" className="mt-button" onClick={onCancel}>
          Cancel
        </button>
      </span>
    </form>
  );
}
