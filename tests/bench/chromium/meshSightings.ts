/**
 * The driver's side of what the 8 pages report (`window.__meshSeen`): each report says that a
 * page saw something (a kind and a key) and when, on the clock the pages share. A round waits
 * for a set of pages to report a key, with a deadline; a report that comes before its wait is
 * registered (an intent's receipt can reach a page before the driver learns the intent's id) is
 * kept until the round ends.
 */

interface Wait {
  readonly kind: string;
  readonly key: string;
  readonly missing: Set<number>;
  readonly times: Map<number, number>;
  readonly done: (times: Map<number, number>) => void;
}

/** Reports from the pages, matched to the rounds that wait for them. */
export class Sightings {
  readonly #waits = new Set<Wait>();
  /** Reports no wait took yet: `kind key` → page → time. */
  readonly #early = new Map<string, Map<number, number>>();

  /** Takes a page's report (the binding's handler). */
  seen(page: number, kind: string, key: string, at: number): void {
    for (const wait of this.#waits) {
      if (wait.kind !== kind || wait.key !== key || !wait.missing.has(page)) continue;
      wait.missing.delete(page);
      wait.times.set(page, at);
      if (wait.missing.size === 0) wait.done(wait.times);
      return;
    }
    const id = `${kind} ${key}`;
    const early = this.#early.get(id) ?? new Map<number, number>();
    if (!early.has(page)) early.set(page, at);
    this.#early.set(id, early);
  }

  /**
   * Resolves with the time each of `pages` reported `key` of `kind`, page by page; fails after
   * `deadlineMs` naming the pages that did not.
   */
  expect(
    kind: string,
    key: string,
    pages: readonly number[],
    deadlineMs: number,
  ): Promise<Map<number, number>> {
    return new Promise((resolve, reject) => {
      const early = this.#early.get(`${kind} ${key}`);
      this.#early.delete(`${kind} ${key}`);
      const times = new Map<number, number>();
      const missing = new Set(pages);
      for (const [page, at] of early ?? []) {
        if (missing.delete(page)) times.set(page, at);
      }
      if (missing.size === 0) {
        resolve(times);
        return;
      }
      const timer = setTimeout(() => {
        this.#waits.delete(wait);
        reject(new Error(`${kind} ${key}: no report from pages ${[...missing].join(', ')}`));
      }, deadlineMs);
      const wait: Wait = {
        kind,
        key,
        missing,
        times,
        done: (all) => {
          clearTimeout(timer);
          this.#waits.delete(wait);
          resolve(all);
        },
      };
      this.#waits.add(wait);
    });
  }

  /** Forgets reports no round took: call between rounds. */
  forgetEarly(): void {
    this.#early.clear();
  }
}
