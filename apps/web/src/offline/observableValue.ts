/** A value that tells its listeners when it changes (for React's useSyncExternalStore). */
export class ObservableValue<T> {
  #value: T;
  readonly #listeners = new Set<() => void>();

  constructor(initial: T) {
    this.#value = initial;
  }

  /** The current value. */
  readonly get = (): T => this.#value;

  /** Replaces the value and calls every listener. */
  set(value: T): void {
    this.#value = value;
    for (const listener of [...this.#listeners]) listener();
  }

  /**
   * Calls `listener` after every change.
   * @returns a function that removes it
   */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
}
