/**
 * Loads a campaign's game system into the rules sandbox of this page (a dedicated worker under
 * its own Content-Security-Policy, packages/sandbox browserWorkerLauncher; SES lockdown runs
 * there, never in the page), refusing files that do not hash to the campaign's pin: every peer
 * must run exactly the rules the campaign was made with. Each failure is a message for the
 * table screen, never a crash.
 */
import {
  createModuleBundle,
  moduleFilesFromText,
  Sandbox,
  SandboxError,
  type SandboxModule,
  type WorkerLauncher,
} from '@meshtable/sandbox';
import { browserWorkerLauncher } from '@meshtable/sandbox/browser';
import type { SystemPin } from '@meshtable/schema';
import { errorMessage } from '../errors/errorMessage';
import type { GameSystem } from './gameSystems';
import { loadPinnedSystemFiles } from './loadPinnedSystemFiles';

/** What {@link loadCampaignRules} ended in. */
export type RulesLoad =
  | {
      readonly ok: true;
      readonly rules: SandboxModule;
      /** Ends the sandbox's worker. */
      readonly close: () => void;
    }
  | { readonly ok: false; readonly problem: string };

/**
 * @param pin `meta.campaign.system`
 * @param systems the game systems this build carries
 * @param launch starts the sandbox's worker; default: the browser's dedicated worker
 */
export async function loadCampaignRules(
  pin: SystemPin,
  systems: readonly GameSystem[],
  launch: WorkerLauncher = browserWorkerLauncher(),
): Promise<RulesLoad> {
  const loaded = await loadPinnedSystemFiles(pin, systems, {
    notCarried: `This campaign plays “${pin.id}” ${pin.version}, a game system this build of Meshtable does not carry: its rules cannot run here.`,
    notLoaded: (system, reason) => `The rules of “${system.name}” would not load: ${reason}`,
  });
  if (!loaded.ok) return loaded;
  const { system, files } = loaded;
  let sandbox: Sandbox | null = null;
  try {
    const bundle = createModuleBundle(moduleFilesFromText(files), { pin: pin.sha256 });
    sandbox = new Sandbox({ launch });
    const rules = await sandbox.load(bundle);
    const opened = sandbox;
    return { ok: true, rules, close: () => opened.close() };
  } catch (error) {
    sandbox?.close();
    if (error instanceof SandboxError && error.code === 'MODULE_HASH_MISMATCH') {
      return {
        ok: false,
        problem: `This campaign pins “${pin.id}” ${pin.version} with other files than this build carries (${system.name} ${system.version}): its rules are not run, so nobody's requests are ruled on here.`,
      };
    }
    return {
      ok: false,
      problem: `The rules of “${system.name}” failed to load in the sandbox: ${errorMessage(error)}`,
    };
  }
}
