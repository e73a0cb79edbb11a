/**
 * Bundles the game-system modules of `modules/` into the web app, so that a campaign's rules load
 * offline from the app's own origin (the page may fetch nothing from anywhere else, and a GM
 * without a network must still run the table).
 *
 * Two virtual modules:
 * - `virtual:meshtable-modules`: the list of systems (id, name, version, description, from each
 *   module.json), small enough for the lobby's "New campaign" form, with a `load()` per system;
 * - `virtual:meshtable-module/<id>`: one system's files as text by path, in a chunk of its own
 *   that `load()` imports on demand, so opening a campaign fetches only its own system.
 *
 * The files are those `readModuleDir` (packages/sandbox) hashes, by the same rules: everything
 * but dot-files, `node_modules` and the author's `test/` folder. The browser hashes them again
 * when it pins or checks a campaign's system, so the pin is computed from what actually runs.
 * Files are carried as text: a module's files are JSON, JavaScript, Markdown and licence text,
 * and a file that is not UTF-8 fails the build (text would not give its bytes back).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

const LIST_ID = 'virtual:meshtable-modules';
const MODULE_PREFIX = 'virtual:meshtable-module/';
/** Rollup's convention: a leading NUL marks an id no other plugin should touch. */
const RESOLVED = '\0';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A module folder's files (paths relative to it, forward slashes) as text. */
function readModuleFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (relative: string) => {
    const entries = readdirSync(join(dir, relative), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (path === 'test') continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        try {
          files[path] = strictUtf8.decode(readFileSync(join(dir, path)));
        } catch {
          throw new Error(`modules: ${dir}/${path} is not UTF-8 text; it cannot be bundled`);
        }
      } else throw new Error(`modules: ${dir}/${path} is not a regular file`);
    }
  };
  walk('');
  return files;
}

interface ListedModule {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly description: string | null;
}

/** The module folders under `root` that have a module.json, by manifest id. */
function listModules(root: string): Map<string, { dir: string; listed: ListedModule }> {
  const found = new Map<string, { dir: string; listed: ListedModule }>();
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dir = join(root, entry.name);
    let manifest: Record<string, unknown>;
    try {
      manifest = JSON.parse(readFileSync(join(dir, 'module.json'), 'utf8'));
    } catch {
      continue; // not a module folder (no manifest); the sandbox would refuse a broken one anyway
    }
    const { id, name, version, description } = manifest;
    if (id !== entry.name || typeof name !== 'string' || typeof version !== 'string') {
      throw new Error(`modules/${entry.name}/module.json: its id must be "${entry.name}"`);
    }
    found.set(id, {
      dir,
      listed: {
        id,
        name,
        version,
        description: typeof description === 'string' ? description : null,
      },
    });
  }
  return found;
}

/** The Vite plugin: see the file's comment. */
export function bundledModules(root: string): Plugin {
  return {
    name: 'meshtable-bundled-modules',
    resolveId(id) {
      if (id === LIST_ID || id.startsWith(MODULE_PREFIX)) return RESOLVED + id;
      return null;
    },
    load(id) {
      if (!id.startsWith(RESOLVED)) return null;
      const name = id.slice(RESOLVED.length);
      const modules = listModules(root);
      this.addWatchFile(root);
      if (name === LIST_ID) {
        const entries = [...modules.values()]
          .map(({ listed }) => listed)
          .sort((a, b) => a.name.localeCompare(b.name))
          .map(
            (listed) =>
              `  Object.freeze({ ...${JSON.stringify(listed)}, load: () => import(${JSON.stringify(
                MODULE_PREFIX + listed.id,
              )}).then((m) => m.default) }),`,
          );
        return `export const bundledModules = Object.freeze([\n${entries.join('\n')}\n]);\n`;
      }
      if (name.startsWith(MODULE_PREFIX)) {
        const found = modules.get(name.slice(MODULE_PREFIX.length));
        if (found === undefined) return null;
        const files = readModuleFiles(found.dir);
        for (const path of Object.keys(files)) this.addWatchFile(join(found.dir, path));
        return `export default Object.freeze(${JSON.stringify(files)});\n`;
      }
      return null;
    },
  };
}
