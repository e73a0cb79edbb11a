/**
 * A panel's line about the changes it sent from a GM's other device (SentEdits.ts): "sent,
 * waiting for the device that runs the table" while any is unanswered, and the table's reason
 * when it refused one, with a button to dismiss it. Nothing on the device that runs the table,
 * whose changes are written at once.
 */
import type { SentEdits, SentEditsState } from './SentEdits';

/** Props of {@link SentEditStatus}. */
export interface SentEditStatusProps {
  readonly edits: SentEdits;
  readonly state: SentEditsState;
  /** The panel's prefix for test ids: `<prefix>-pending`, `<prefix>-refused`. */
  readonly testId: string;
}

/** The pending and refused line of a panel. */
export function SentEditStatus({ edits, state, testId }: SentEditStatusProps) {
  return (
    <>
      {state.pending > 0 && (
        <p className="mt-hint" role="status" data-testid={`${testId}-pending`}>
          Sent to the GM device that runs the table; waiting for it to apply
          {state.pending > 1 ? ` ${state.pending} changes` : ' the change'}…
        </p>
      )}
      {state.refused !== null && (
        <p className="mt-error" role="alert" data-testid={`${testId}-refused`}>
          {state.refused}{' '}
          <button
            type="button"
            className="mt-button"
            aria-label="Dismiss the refusal"
            onClick={() => edits.dismiss()}
          >
            Dismiss
          </button>
        </p>
      )}
    </>
  );
}
