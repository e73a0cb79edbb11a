/**
 * The one check of a module's data files: the sheets, compendium files and reference pages its
 * manifest names. `meshtable module check`, the module SDK's harness and the app all call
 * {@link checkModuleContent}, so a module that passes one passes them all.
 *
 * It lives here, beside the formats, because it is pure (a file map in, parsed content or
 * problems out) and every runtime needs it: the CLI and the harness in Node, the app in the
 * browser before it draws a sheet. Reading a folder is the caller's business.
 */
import { checkActorData, mergeActorData } from './actorData';
import { type Compendium, compendiumSchema, ITEM_TYPE } from './compendium';
import { issuesOf, nestsDeeperThan, parseSheet, type Sheet } from './sheet';

/** Size caps of a module's data files, in bytes. */
export const CONTENT_LIMITS = Object.freeze({
  sheetBytes: 1024 * 1024,
  compendiumBytes: 8 * 1024 * 1024,
  referenceBytes: 1024 * 1024,
  /** Nesting of a sheet or compendium file as a whole. */
  fileDepth: 64,
  /** Problems listed in one message; the rest are counted. */
  reportedProblems: 20,
});

/** What of the manifest names data files (a validated module.json has this shape). */
export interface ContentManifest {
  /** Actor type → sheet path. */
  readonly sheets?: Readonly<Record<string, string>>;
  /** Compendium name → path. */
  readonly compendium?: Readonly<Record<string, string>>;
  /** One reference page, or several. */
  readonly reference?: string | readonly string[];
}

/** A module's data, parsed and checked. */
export interface ModuleContent {
  /** Sheets by actor type. */
  readonly sheets: Readonly<Record<string, Sheet>>;
  /** Compendium files by name. */
  readonly compendium: Readonly<Record<string, Compendium>>;
  /** Reference pages: path → markdown text, in the manifest's order. */
  readonly reference: Readonly<Record<string, string>>;
}

/** Something wrong with a data file. */
export interface ContentProblem {
  /** The manifest field that names the file (`sheets.character`, `compendium.monsters`). */
  readonly field: string;
  /** The file's path in the module. */
  readonly file: string;
  /** The place inside the file; null for a problem of the file as a whole (missing, not JSON). */
  readonly path: ReadonlyArray<string | number> | null;
  readonly message: string;
}

/** The outcome of {@link checkModuleContent}. */
export type ContentCheck =
  | { readonly ok: true; readonly content: ModuleContent }
  | { readonly ok: false; readonly problems: readonly ContentProblem[] };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks every data file `manifest` names: each sheet against the sheet format (its
 * `actorType` the key that names it, its defaults fitting its fields), each compendium file
 * against the compendium format (entry types among the sheets or `item`, each actor entry's
 * data fitting its sheet once laid over the defaults), each reference page UTF-8 text without
 * NUL, and every file within {@link CONTENT_LIMITS}.
 * @param files the module's files by path
 * @example
 * ```ts
 * const check = checkModuleContent(bundle.manifest, bundle.files);
 * if (!check.ok) throw new Error(describeContentProblems(check.problems));
 * check.content.sheets.character.sections; // …
 * ```
 */
export function checkModuleContent(
  manifest: ContentManifest,
  files: ReadonlyMap<string, Uint8Array>,
): ContentCheck {
  const problems: ContentProblem[] = [];
  const sheets: Record<string, Sheet> = {};
  const compendium: Record<string, Compendium> = {};
  const reference: Record<string, string> = {};

  for (const [actorType, file] of Object.entries(manifest.sheets ?? {})) {
    const field = `sheets.${actorType}`;
    const json = readJson(files, field, file, CONTENT_LIMITS.sheetBytes, problems);
    if (json === undefined) continue;
    const parsed = parseSheet(json, actorType);
    if (parsed.ok) define(sheets, actorType, parsed.sheet);
    else for (const issue of parsed.issues) problems.push({ field, file, ...issue });
  }

  for (const [name, file] of Object.entries(manifest.compendium ?? {})) {
    const field = `compendium.${name}`;
    const json = readJson(files, field, file, CONTENT_LIMITS.compendiumBytes, problems);
    if (json === undefined) continue;
    const result = compendiumSchema.safeParse(json);
    if (!result.success) {
      for (const issue of issuesOf(result.error)) problems.push({ field, file, ...issue });
      continue;
    }
    const before = problems.length;
    checkEntries(result.data, manifest, sheets, (path, message) =>
      problems.push({ field, file, path, message }),
    );
    if (problems.length === before) define(compendium, name, result.data);
  }

  const pages = manifest.reference;
  const pagePaths = pages === undefined ? [] : typeof pages === 'string' ? [pages] : pages;
  for (const [index, file] of pagePaths.entries()) {
    const field = typeof pages === 'string' ? 'reference' : `reference.${index}`;
    const text = readText(files, field, file, CONTENT_LIMITS.referenceBytes, problems);
    if (text === undefined) continue;
    if (text.includes('\0')) {
      problems.push({
        field,
        file,
        path: null,
        message: 'contains a NUL character: a reference page is markdown text',
      });
      continue;
    }
    define(reference, file, text);
  }

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, content: { sheets, compendium, reference } };
}

/**
 * One message for a list of problems, as `module check` prints it: `file: place: message`,
 * or `module.json: field: "file" message` for a file as a whole, joined by "; ", the first
 * {@link CONTENT_LIMITS}' `reportedProblems` of them.
 */
export function describeContentProblems(problems: readonly ContentProblem[]): string {
  const shown = problems.slice(0, CONTENT_LIMITS.reportedProblems).map(describeContentProblem);
  const more = problems.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

/** One problem as text (see {@link describeContentProblems}). */
export function describeContentProblem(problem: ContentProblem): string {
  if (problem.path === null)
    return `module.json: ${problem.field}: "${problem.file}" ${problem.message}`;
  const place = problem.path.length === 0 ? '' : `${problem.path.join('.')}: `;
  return `${problem.file}: ${place}${problem.message}`;
}

function checkEntries(
  compendium: Compendium,
  manifest: ContentManifest,
  sheets: Readonly<Record<string, Sheet>>,
  report: (path: ReadonlyArray<string | number>, message: string) => void,
): void {
  const actorTypes = Object.keys(manifest.sheets ?? {});
  for (const [index, entry] of compendium.entries.entries()) {
    if (entry.type === ITEM_TYPE) continue;
    if (!actorTypes.includes(entry.type)) {
      const known = [...actorTypes, ITEM_TYPE].map((type) => `"${type}"`).join(', ');
      report(['entries', index, 'type'], `is "${entry.type}"; the module's types are ${known}`);
      continue;
    }
    const sheet = sheets[entry.type];
    // A sheet that failed its own check was reported already; its entries cannot be judged.
    if (sheet === undefined) continue;
    for (const problem of checkActorData(sheet, mergeActorData(sheet.defaults, entry.data))) {
      report(['entries', index, 'data', ...problem.path], problem.message);
    }
  }
}

function readText(
  files: ReadonlyMap<string, Uint8Array>,
  field: string,
  file: string,
  maxBytes: number,
  problems: ContentProblem[],
): string | undefined {
  const bytes = files.get(file);
  const fail = (message: string) => {
    problems.push({ field, file, path: null, message });
    return undefined;
  };
  if (bytes === undefined) return fail('is not in the module');
  if (bytes.length > maxBytes)
    return fail(`has ${bytes.length} bytes; at most ${maxBytes} are allowed`);
  try {
    return decoder.decode(bytes);
  } catch {
    return fail('is not UTF-8 text');
  }
}

function readJson(
  files: ReadonlyMap<string, Uint8Array>,
  field: string,
  file: string,
  maxBytes: number,
  problems: ContentProblem[],
): unknown {
  const text = readText(files, field, file, maxBytes, problems);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = `is not valid JSON: ${(error as Error).message}`;
    problems.push({ field, file, path: null, message });
    return undefined;
  }
  if (nestsDeeperThan(json, CONTENT_LIMITS.fileDepth)) {
    const message = `nests deeper than ${CONTENT_LIMITS.fileDepth} levels`;
    problems.push({ field, file, path: null, message });
    return undefined;
  }
  return json;
}

/** Sets a key as an own property, whatever its name (`__proto__` included). */
function define<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
