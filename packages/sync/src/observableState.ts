/**
 * A tiny observable value: the current state, a shallow `update`, and listeners that hear only
 * real changes. UI code re-renders from it, tests wait on it, so a no-op update must not notify.
 */

/** Called with the new and the previous state after each change. */
export type StateListener<T> = (state: T, previous: T) => void;

/** Holds one immutable state object and notifies listeners when a shallow update changes it. */
export class ObservableState<T extends object> {
  #state: T;
  readonly #listeners = new Set<StateListener<T>>();

  /** @param initial - the starting state */
  constructor(initial: T) {
    this.#state = initial;
  }

  /** The current state. Treat it as immutable: updates replace it. */
  get(): T {
    return this.#state;
  }

  /**
   * Merges `patch` into the state; notifies listeners only if some field changed (`Object.is`).
   * A listener that throws does not stop the others.
   */
  update(patch: Partial<T>): void {
    const previous = this.#state;
    let changed = false;
    for (const key of Object.keys(patch) as (keyof T)[]) {
      if (!Object.is(previous[key], patch[key])) {
        changed = true;
        break;
      }
    }
    if (!changed) return;
    const next = { ...previous, ...patch };
    this.#state = next;
    for (const listener of [...this.#listeners]) {
      try {
        listener(next, previous);
      } catch (error) {
        // A faulty UI listener must not break transport bookkeeping; surface it asynchronously.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /**
   * Registers a listener.
   * @returns a function that removes it
   */
  subscribe(listener: StateListener<T>): () => void {
    this.#listeners.add(listener);
    return () => this.unsubscribe(listener);
  }

  /** Removes a listener added with {@link ObservableState.subscribe}. */
  unsubscribe(listener: StateListener<T>): void {
    this.#listeners.delete(listener);
  }

  /** Removes every listener (on destroy). */
  clear(): void {
    this.#listeners.clear();
  }
}
