/**
 * Loads the reference pages of a campaign's game system: the system's files from this build
 * (the bundled modules, one lazily loaded chunk per system: vite.config.modules.ts), checked
 * against the campaign's pin as the rules are (the pin's hash covers every file of the module,
 * reference pages included), so the pages shown are exactly those of the rules the table runs.
 */
import { createModuleBundle, moduleFilesFromText } from '@meshtable/sandbox';
import type { SystemPin } from '@meshtable/schema';
import type { GameSystem } from '../campaign/gameSystems';
import { loadPinnedSystemFiles } from '../campaign/loadPinnedSystemFiles';
import { errorMessage } from '../errors/errorMessage';
import { type ReferencePage, referencePagesOf } from './referencePages';

/** What {@link loadReference} ended in. */
export type ReferenceLoad =
  | { readonly ok: true; readonly system: string; readonly pages: readonly ReferencePage[] }
  | { readonly ok: false; readonly problem: string };

/**
 * The reference pages of the system `pin` names.
 * @param systems the game systems this build carries
 */
export async function loadReference(
  pin: SystemPin,
  systems: readonly GameSystem[],
): Promise<ReferenceLoad> {
  const loaded = await loadPinnedSystemFiles(pin, systems, {
    notCarried: `This campaign plays “${pin.id}”, a game system this build does not carry: its reference pages are not here.`,
    notLoaded: (system, reason) => `The pages of “${system.name}” would not load: ${reason}`,
  });
  if (!loaded.ok) return loaded;
  const { system, files } = loaded;
  try {
    const bundle = createModuleBundle(moduleFilesFromText(files), { pin: pin.sha256 });
    const { pages, missing } = referencePagesOf(files, bundle.manifest.reference);
    if (missing.length > 0) {
      // The bundle checks that every listed file is there; this cannot happen for a bundle
      // that loaded, and says so clearly if it ever does.
      return {
        ok: false,
        problem: `Reference pages missing from the module: ${missing.join(', ')}`,
      };
    }
    return { ok: true, system: system.name, pages };
  } catch (error) {
    return {
      ok: false,
      problem: `The reference pages of “${system.name}” are not shown: ${errorMessage(error)}`,
    };
  }
}
