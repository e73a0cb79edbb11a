/**
 * The files of the game system a campaign pins, from the systems this build carries: the first
 * step of both running its rules (loadCampaignRules.ts) and showing its reference pages
 * (reference/loadReference.ts). The pin's hash is checked by the step after, which bundles them.
 */
import type { SystemPin } from '@meshtable/schema';
import { errorMessage } from '../errors/errorMessage';
import type { GameSystem } from './gameSystems';

/** What {@link loadPinnedSystemFiles} ended in. */
export type PinnedSystemFiles =
  | {
      readonly ok: true;
      readonly system: GameSystem;
      /** The system's files as text by path. */
      readonly files: Readonly<Record<string, string>>;
    }
  | { readonly ok: false; readonly problem: string };

/** The messages for the table screen when there are no files, each saying what is lost. */
export interface PinnedSystemProblems {
  /** When this build does not carry the pinned system. */
  readonly notCarried: string;
  /** When the system's files would not load, for `reason`. */
  readonly notLoaded: (system: GameSystem, reason: string) => string;
}

/**
 * Finds the system `pin` names among `systems` and loads its files.
 * @param systems the game systems this build carries
 */
export async function loadPinnedSystemFiles(
  pin: SystemPin,
  systems: readonly GameSystem[],
  problems: PinnedSystemProblems,
): Promise<PinnedSystemFiles> {
  const system = systems.find((candidate) => candidate.id === pin.id);
  if (system === undefined) return { ok: false, problem: problems.notCarried };
  try {
    return { ok: true, system, files: await system.load() };
  } catch (error) {
    return { ok: false, problem: problems.notLoaded(system, errorMessage(error)) };
  }
}
