/**
 * Reads a module folder into the file map the sandbox hashes and loads. Every regular file counts
 * except dot-files (`.git`, `.DS_Store`), `node_modules` and the author's tests (`test/` at the
 * root: no peer runs them, and editing a test must not change the module's pin); a symbolic link
 * is refused, since a module's hash must cover what actually runs.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SandboxError } from '../errors';
import { MODULE_LIMITS, type ModuleFiles } from '../moduleFiles';

/** The folder of the author's tests, left out of the module. */
const TESTS_DIR = 'test';

/**
 * @throws {SandboxError} `MODULE_INVALID_MANIFEST` when the folder cannot be read, holds a link,
 * or has more files or bytes than {@link MODULE_LIMITS} allows
 */
export async function readModuleDir(dir: string): Promise<ModuleFiles> {
  const files = new Map<string, Uint8Array>();
  let total = 0;
  const walk = async (relative: string): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(join(dir, relative), { withFileTypes: true });
    } catch (error) {
      throw new SandboxError(
        'MODULE_INVALID_MANIFEST',
        `cannot read the module folder ${join(dir, relative)}: ${(error as Error).message}`,
      );
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (path === TESTS_DIR) continue;
      if (entry.isDirectory()) {
        await walk(path);
      } else if (entry.isFile()) {
        const size = (await lstat(join(dir, path))).size;
        total += size;
        if (files.size >= MODULE_LIMITS.maxFiles || total > MODULE_LIMITS.maxTotalBytes) {
          throw new SandboxError(
            'MODULE_INVALID_MANIFEST',
            `the module folder is too large (at most ${MODULE_LIMITS.maxFiles} files and ${MODULE_LIMITS.maxTotalBytes} bytes)`,
          );
        }
        files.set(path, new Uint8Array(await readFile(join(dir, path))));
      } else {
        throw new SandboxError(
          'MODULE_INVALID_MANIFEST',
          `${path} is not a regular file (links and devices are refused)`,
        );
      }
    }
  };
  await walk('');
  return files;
}
