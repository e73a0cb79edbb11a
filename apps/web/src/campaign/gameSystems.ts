/**
 * The game systems this build of the app carries (modules/ bundled by the Vite plugin in
 * vite.config.modules.ts): what "New campaign" offers, and where a campaign's rules load from.
 * Nothing is fetched from anywhere but the app's own origin, so a table runs offline.
 */
import { bundledModules } from 'virtual:meshtable-modules';

/** A game system the app can run. */
export interface GameSystem {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly description: string | null;
  /** Its files as text by path (module.json, rules, sheets, reference, compendium). */
  load(): Promise<Readonly<Record<string, string>>>;
}

/** The bundled game systems, by name. */
export const GAME_SYSTEMS: readonly GameSystem[] = bundledModules;
