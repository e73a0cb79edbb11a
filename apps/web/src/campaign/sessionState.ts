/**
 * The session's state for the UI: one immutable snapshot, replaced on each change, so React's
 * useSyncExternalStore can compare snapshots by identity.
 */
import type { CampaignSessionState } from './CampaignSession';

/** Problems kept for the screen: the latest, so a flood of reports cannot grow without end. */
const MAX_PROBLEMS = 20;

/** The state before anything is known. */
export const INITIAL_SESSION_STATE: CampaignSessionState = Object.freeze({
  role: 'none',
  validating: false,
  name: null,
  system: null,
  problems: Object.freeze([]),
  moved: null,
});

/** Holds the state and tells listeners of each change. */
export class SessionStateStore {
  #state: CampaignSessionState = INITIAL_SESSION_STATE;
  readonly #listeners = new Set<() => void>();

  get = (): CampaignSessionState => this.#state;

  /** Merges `change` in; listeners hear of it only when something differs. */
  update(change: Partial<CampaignSessionState>): void {
    const next = { ...this.#state, ...change };
    const keys = Object.keys(change) as (keyof CampaignSessionState)[];
    if (keys.every((key) => sameValue(this.#state[key], next[key]))) return;
    this.#state = Object.freeze(next);
    for (const listener of [...this.#listeners]) listener();
  }

  /** Adds a problem, unless it is the same as one already shown. */
  problem(problem: string): void {
    const problems = this.#state.problems;
    if (problems.includes(problem)) return;
    this.update({ problems: Object.freeze([...problems, problem].slice(-MAX_PROBLEMS)) });
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  clear(): void {
    this.#listeners.clear();
  }
}

/** Equality for the state's fields: plain values, or small objects compared by their JSON. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
