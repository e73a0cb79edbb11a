/**
 * A game system's character sheets, from the files bundled with the app (vite.config.modules.ts
 * carries every file of a module, sheets included), checked against the sheet format at load
 * (packages/schema checkModuleContent, as `meshtable module check` does): a sheet that does not
 * fit is a message for the table, never a blank or half-drawn sheet.
 */
import { moduleFilesFromText } from '@meshtable/sandbox';
import { checkModuleContent, describeContentProblems, type Sheet } from '@meshtable/schema';
import type { GameSystem } from '../campaign/gameSystems';

/** The outcome of {@link loadSystemSheets}. */
export type SheetsLoad =
  | { readonly ok: true; readonly sheets: Readonly<Record<string, Sheet>> }
  | { readonly ok: false; readonly problem: string };

/**
 * The sheets of the files of one module (module.json's `sheets`), checked.
 * @param files the module's files as text by path
 */
export function sheetsOfModule(files: Readonly<Record<string, string>>): SheetsLoad {
  let manifest: unknown;
  try {
    manifest = JSON.parse(files['module.json'] ?? '');
  } catch {
    return { ok: false, problem: 'The game system has no readable module.json.' };
  }
  const listed = (manifest as { sheets?: unknown } | null)?.sheets;
  if (listed === undefined) return { ok: true, sheets: {} };
  if (typeof listed !== 'object' || listed === null || Array.isArray(listed)) {
    return { ok: false, problem: 'module.json: sheets must map actor types to files.' };
  }
  const check = checkModuleContent(
    { sheets: listed as Record<string, string> },
    moduleFilesFromText(files),
  );
  if (!check.ok) {
    return {
      ok: false,
      problem: `The game system's sheets do not fit the sheet format: ${describeContentProblems(check.problems)}`,
    };
  }
  return { ok: true, sheets: check.content.sheets };
}

/** The checked sheets of the game system `systemId` among the app's bundled systems. */
export async function loadSystemSheets(
  systemId: string,
  systems: readonly GameSystem[],
): Promise<SheetsLoad> {
  const system = systems.find((candidate) => candidate.id === systemId);
  if (system === undefined) {
    return { ok: false, problem: `This build does not carry the game system “${systemId}”.` };
  }
  try {
    return sheetsOfModule(await system.load());
  } catch (error) {
    return {
      ok: false,
      problem: `The sheets of “${system.name}” would not load: ${String(error)}`,
    };
  }
}
