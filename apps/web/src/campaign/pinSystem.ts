/**
 * A game system's pin (`meta.campaign.system`): its id, version and the SHA-256 of its files,
 * computed here from the very files that will run (packages/sandbox hashModuleFiles), so a
 * campaign made with this build pins what this build runs.
 */
import { createModuleBundle, moduleFilesFromText } from '@meshtable/sandbox';
import type { SystemPin } from '@meshtable/schema';
import type { GameSystem } from './gameSystems';

/**
 * @throws SandboxError `MODULE_INVALID_MANIFEST` when the bundled module is not a valid module
 */
export async function pinSystem(system: GameSystem): Promise<SystemPin> {
  const bundle = createModuleBundle(moduleFilesFromText(await system.load()));
  return { id: bundle.manifest.id, version: bundle.manifest.version, sha256: bundle.hash };
}
