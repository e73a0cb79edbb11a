/**
 * What the game system's `derive` computes for each actor on the board (its maximum hit points,
 * its bars), run in the rules sandbox and kept until the actor changes. A call is asynchronous:
 * until its answer comes, the last answer for that actor stands (or none), and the board hears
 * when a new one arrives.
 */
import type { Actor } from '@meshtable/schema';
import type { BoardRules } from '../campaignBoard/boardSession';

interface Entry {
  /** The actor as last asked about, as JSON: a changed actor is asked about again. */
  key: string;
  /** The actor as the board last showed it: asked about next, once the call under way ends. */
  wanted: string;
  value: unknown;
  asking: boolean;
}

/** A cache of `derive` results by actor, asked lazily. */
export class DerivedStats {
  readonly #entries = new Map<string, Entry>();
  readonly #onChange: () => void;
  #rules: BoardRules | null = null;
  #closed = false;

  /** @param onChange called when an answer arrives that changes what {@link get} returns */
  constructor(onChange: () => void) {
    this.#onChange = onChange;
  }

  /** Uses these rules from now on (the module may load after the board opens). */
  setRules(rules: BoardRules | null): void {
    if (rules === this.#rules) return;
    this.#rules = rules;
    this.#entries.clear();
  }

  /**
   * What `derive` last gave for the actor; asks again when the actor has changed since.
   * @returns undefined while nothing is known (no module, no `derive`, not answered yet, failed)
   */
  get(actor: Actor): unknown {
    const rules = this.#rules;
    if (rules === null || !rules.hooks.includes('derive')) return undefined;
    const key = JSON.stringify(actor);
    let entry = this.#entries.get(actor.id);
    if (entry === undefined) {
      entry = { key: '', wanted: '', value: undefined, asking: false };
      this.#entries.set(actor.id, entry);
    }
    entry.wanted = key;
    if (entry.key !== key && !entry.asking) this.#ask(rules, actor, key, entry);
    return entry.value;
  }

  /** Stops listening for answers still on their way. */
  close(): void {
    this.#closed = true;
    this.#entries.clear();
  }

  #ask(rules: BoardRules, actor: Actor, key: string, entry: Entry): void {
    entry.asking = true;
    void rules.call('derive', [actor]).then((outcome) => {
      entry.asking = false;
      if (this.#closed || this.#rules !== rules || this.#entries.get(actor.id) !== entry) return;
      entry.key = key;
      // A failed call (the module threw, ran out of time) shows no bars rather than stale ones.
      const value = outcome.ok ? outcome.value : undefined;
      const changed = JSON.stringify(value) !== JSON.stringify(entry.value);
      entry.value = value;
      // The actor changed while its call ran: the board asks again when it next looks.
      if (changed || entry.wanted !== key) this.#onChange();
    });
  }
}
