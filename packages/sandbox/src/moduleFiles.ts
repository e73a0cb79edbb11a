/**
 * A module as the sandbox receives it: its files by path, hashed to the SHA-256 that a campaign
 * pins, with the manifest validated and the entry found. The same code runs in the browser (files
 * from the campaign's assets or the bundled modules) and in Node (files from a folder).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { SandboxError } from './errors';
import { isModulePath, type ModuleManifest, manifestPaths, parseManifest } from './manifest';

/** A module's files: path (relative, forward slashes) → contents. */
export type ModuleFiles = ReadonlyMap<string, Uint8Array>;

/** Size limits of a module, checked before anything is hashed or run. */
export const MODULE_LIMITS = Object.freeze({
  /** Files in a module (sheets, reference pages and compendium entries included). */
  maxFiles: 2000,
  /** All files together. */
  maxTotalBytes: 32 * 1024 * 1024,
  /** The entry script, and each other script. */
  maxEntryBytes: 2 * 1024 * 1024,
  /** All scripts (`.js` files) together: what the worker compiles. */
  maxScriptBytes: 4 * 1024 * 1024,
});

/** The file that holds the manifest, at the module's root. */
export const MANIFEST_FILE = 'module.json';

/** A module ready to load: validated, hashed, its entry decoded. */
export interface ModuleBundle {
  readonly manifest: ModuleManifest;
  /** SHA-256 of the files, lowercase hex: see {@link hashModuleFiles}. */
  readonly hash: string;
  /** The entry script's source text. */
  readonly entrySource: string;
  /**
   * Every script of the module (its `.js` files, the entry among them) by path: what the entry
   * may `require('./lib/dice.js')`.
   */
  readonly scripts: Readonly<Record<string, string>>;
  readonly files: ModuleFiles;
}

/** Options of {@link createModuleBundle}. */
export interface ModuleBundleOptions {
  /** The SHA-256 (hex) the campaign pinned; loading refuses files that hash to anything else. */
  readonly pin?: string;
}

const HASH_DOMAIN = new TextEncoder().encode('meshtable module v1\0');
const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The module hash: SHA-256 over the domain string `"meshtable module v1\0"`, then, for each file
 * in ascending order of its path's UTF-8 bytes, the path's byte length (uint32, big-endian), the
 * path, the content's byte length (uint32, big-endian) and the content. Every file counts:
 * rules, sheets, reference text and compendium alike, since all of them reach the players.
 * docs/modules/README.md gives the same definition for other implementations.
 * @returns 64 lowercase hex digits
 */
export function hashModuleFiles(files: ModuleFiles): string {
  const entries = [...files].map(([path, content]) => ({ path: encoder.encode(path), content }));
  entries.sort((a, b) => compareBytes(a.path, b.path));
  const hash = sha256.create().update(HASH_DOMAIN);
  const length = new Uint8Array(4);
  const view = new DataView(length.buffer);
  for (const { path, content } of entries) {
    view.setUint32(0, path.length);
    hash.update(length).update(path);
    view.setUint32(0, content.length);
    hash.update(length).update(content);
  }
  return bytesToHex(hash.digest());
}

/**
 * Checks a module's files and makes the bundle the sandbox loads: the paths are sane, the sizes
 * within {@link MODULE_LIMITS}, module.json valid, every file it names present, the scripts UTF-8,
 * and, when a pin is given, the hash equal to it.
 * @throws {SandboxError} `MODULE_INVALID_MANIFEST` or `MODULE_HASH_MISMATCH`
 */
export function createModuleBundle(
  files: ModuleFiles,
  options: ModuleBundleOptions = {},
): ModuleBundle {
  if (files.size > MODULE_LIMITS.maxFiles) {
    throw invalid(
      `the module has ${files.size} files; at most ${MODULE_LIMITS.maxFiles} are allowed`,
    );
  }
  let total = 0;
  for (const [path, content] of files) {
    if (!isModulePath(path)) throw invalid(`"${path}" is not a relative path inside the module`);
    total += content.length;
  }
  if (total > MODULE_LIMITS.maxTotalBytes) {
    throw invalid(
      `the module's files add up to ${total} bytes; at most ${MODULE_LIMITS.maxTotalBytes} are allowed`,
    );
  }

  const manifestBytes = files.get(MANIFEST_FILE);
  if (manifestBytes === undefined)
    throw invalid(`there is no ${MANIFEST_FILE} at the module's root`);
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(strictDecoder.decode(manifestBytes));
  } catch (error) {
    throw invalid(`${MANIFEST_FILE} is not valid JSON: ${(error as Error).message}`);
  }
  const manifest = parseManifest(manifestJson);
  for (const { field, path } of manifestPaths(manifest)) {
    if (!files.has(path))
      throw invalid(`${MANIFEST_FILE}: ${field}: the file "${path}" is not in the module`);
  }

  const scripts: Record<string, string> = {};
  let scriptBytes = 0;
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!path.endsWith('.js')) continue;
    const role = path === manifest.entry ? `${MANIFEST_FILE}: entry: "${path}"` : `"${path}"`;
    if (content.length > MODULE_LIMITS.maxEntryBytes) {
      throw invalid(
        `${role} has ${content.length} bytes; at most ${MODULE_LIMITS.maxEntryBytes} are allowed`,
      );
    }
    scriptBytes += content.length;
    if (scriptBytes > MODULE_LIMITS.maxScriptBytes) {
      throw invalid(
        `the module's scripts add up to more than ${MODULE_LIMITS.maxScriptBytes} bytes`,
      );
    }
    try {
      scripts[path] = strictDecoder.decode(content);
    } catch {
      throw invalid(`${role} is not UTF-8 text`);
    }
  }
  const entrySource = scripts[manifest.entry] as string;

  const hash = hashModuleFiles(files);
  if (options.pin !== undefined && options.pin.toLowerCase() !== hash) {
    throw new SandboxError(
      'MODULE_HASH_MISMATCH',
      `module "${manifest.id}" ${manifest.version} hashes to ${hash}, but ${options.pin} was pinned: its files changed`,
    );
  }
  return Object.freeze({ manifest, hash, entrySource, scripts: Object.freeze(scripts), files });
}

/** Makes a file map from text contents (tests, and modules bundled into the web app). */
export function moduleFilesFromText(texts: Readonly<Record<string, string>>): ModuleFiles {
  return new Map(Object.entries(texts).map(([path, text]) => [path, encoder.encode(text)]));
}

function invalid(message: string): SandboxError {
  return new SandboxError('MODULE_INVALID_MANIFEST', message);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  }
  return a.length - b.length;
}
