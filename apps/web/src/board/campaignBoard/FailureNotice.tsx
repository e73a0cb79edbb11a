import type { BoardFailure } from './boardFailure';

/**
 * What the board could not do, said where the viewer looks (top centre) and to screen readers
 * (an alert), until dismissed or until the next change goes through.
 */
export function FailureNotice({
  failure,
  onDismiss,
}: {
  readonly failure: BoardFailure | null;
  readonly onDismiss: () => void;
}) {
  if (failure === null) return null;
  return (
    <div
      className="mt-board-failure"
      role="alert"
      data-testid="board-failure"
      data-code={failure.code}
    >
      <span>{failure.message}</span>
      <button type="button" className="mt-button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
