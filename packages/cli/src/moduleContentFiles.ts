/**
 * What `meshtable module check` looks at beyond the sandbox's own checks: the sheets,
 * compendium files and reference pages the manifest names, against their formats. The sandbox
 * needs only the entry, but players' apps read these files, so an author learns of a stray comma
 * or a misspelt field path here rather than from a blank character sheet. The check itself is
 * `checkModuleContent` of @meshtable/schema, the one the harness and the app use.
 */
import { type ModuleBundle, SandboxError } from '@meshtable/sandbox';
import {
  type ContentCheck,
  checkModuleContent,
  describeContentProblems,
  type ModuleContent,
} from '@meshtable/schema';

/**
 * Checks the data files of a bundle (they exist: `createModuleBundle` made sure).
 * @returns the parsed sheets, compendium files and reference pages
 * @throws {SandboxError} `MODULE_INVALID_MANIFEST`, naming each file and the place in it
 */
export function checkContentFiles(bundle: ModuleBundle): ModuleContent {
  const check: ContentCheck = checkModuleContent(bundle.manifest, bundle.files);
  if (check.ok) return check.content;
  throw new SandboxError('MODULE_INVALID_MANIFEST', describeContentProblems(check.problems));
}
