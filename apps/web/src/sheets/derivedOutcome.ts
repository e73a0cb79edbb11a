/**
 * derive's output for an actor as the sheet holds it: not known yet, known, or the error the
 * sandbox gave (a module that throws, runs past its budget or returns what is not an object).
 * An error is a state to show on the sheet, never thrown: the fields stay usable without it.
 */
import type { CallOutcome } from '@meshtable/sandbox';

/** derive's output for an actor, as a sheet shows it. */
export type Derived =
  | { readonly status: 'waiting' }
  | { readonly status: 'ok'; readonly value: unknown }
  | { readonly status: 'error'; readonly message: string };

/** The sheet's state for one outcome of the sandbox's `derive` call. */
export function derivedFrom(outcome: CallOutcome<'derive'>): Derived {
  if (outcome.ok) return { status: 'ok', value: outcome.value };
  return { status: 'error', message: `${outcome.error.code}: ${outcome.error.message}` };
}
