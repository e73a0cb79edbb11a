/**
 * What `meshtable module check` looks at beyond the sandbox's own checks: the sheets and
 * compendium files the manifest names must be JSON, and the reference pages UTF-8 text. The
 * sandbox only needs the entry, but players' apps read these files, so an author learns of a
 * stray comma here rather than from a blank character sheet.
 */
import {
  MANIFEST_FILE,
  type ModuleFiles,
  type ModuleManifest,
  SandboxError,
} from '@meshtable/sandbox';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks the content files `manifest` names (they exist: `createModuleBundle` made sure).
 * @throws {SandboxError} `MODULE_INVALID_MANIFEST`, naming the manifest field and the file
 */
export function checkContentFiles(manifest: ModuleManifest, files: ModuleFiles): void {
  const named: Array<{ field: string; path: string; json: boolean }> = [];
  for (const [actorType, path] of Object.entries(manifest.sheets ?? {})) {
    named.push({ field: `sheets.${actorType}`, path, json: true });
  }
  for (const field of ['reference', 'compendium'] as const) {
    const value = manifest[field];
    const paths = value === undefined ? [] : typeof value === 'string' ? [value] : value;
    for (const [index, path] of paths.entries()) {
      const name = typeof value === 'string' ? field : `${field}.${index}`;
      named.push({ field: name, path, json: field === 'compendium' });
    }
  }
  for (const { field, path, json } of named) {
    const bytes = files.get(path);
    if (bytes === undefined) continue;
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      throw unfit(field, path, 'is not UTF-8 text');
    }
    if (!json) continue;
    try {
      JSON.parse(text);
    } catch (error) {
      throw unfit(field, path, `is not valid JSON: ${(error as Error).message}`);
    }
  }
}

function unfit(field: string, path: string, problem: string): SandboxError {
  return new SandboxError(
    'MODULE_INVALID_MANIFEST',
    `${MANIFEST_FILE}: ${field}: "${path}" ${problem}`,
  );
}
