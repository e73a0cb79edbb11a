/**
 * What became of the changes a panel sent from a GM's other device (tableWrites.ts): how many
 * the device that runs the table has not answered yet, and why it refused the last one it
 * refused. A panel keeps one (useSentEdits.ts) and shows it (SentEditStatus.tsx), as the
 * board's tools show a refused change: so a GM on a phone sees a change on its way, and is told
 * when it did not happen.
 */
import type { IntentTicket } from '@meshtable/campaign';

/** The panel's sent changes, now. */
export interface SentEditsState {
  /** Changes sent and not answered yet. */
  readonly pending: number;
  /** Why the table refused the last refused change, until dismissed or another is made. */
  readonly refused: string | null;
}

const NONE: SentEditsState = Object.freeze({ pending: 0, refused: null });

/** A panel's sent changes; {@link SentEdits.subscribe} hears of every change of its state. */
export class SentEdits {
  #state: SentEditsState = NONE;
  readonly #listeners = new Set<() => void>();

  /** The state now (a new object after each change). */
  get(): SentEditsState {
    return this.#state;
  }

  /** @returns a function that stops listening */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Hears of a change made: written here (null), which clears the last refusal, or sent, which
   * is pending until its receipt comes.
   * @param what what the change was ("make a character"), for the refusal's message
   */
  track(what: string, sent: IntentTicket | null): void {
    if (sent === null) {
      this.#set({ refused: null });
      return;
    }
    this.#set({ pending: this.#state.pending + 1, refused: null });
    sent.receipt.then(
      (receipt) =>
        this.#set({
          pending: this.#state.pending - 1,
          ...(receipt.status === 'rejected'
            ? { refused: `The table refused to ${what}: ${receipt.reason}` }
            : {}),
        }),
      (error: unknown) =>
        this.#set({
          pending: this.#state.pending - 1,
          refused: `Could not ${what}: ${error instanceof Error ? error.message : String(error)}`,
        }),
    );
  }

  /** Forgets the last refusal. */
  dismiss(): void {
    this.#set({ refused: null });
  }

  #set(change: Partial<SentEditsState>): void {
    this.#state = { ...this.#state, ...change };
    for (const listener of this.#listeners) listener();
  }
}
