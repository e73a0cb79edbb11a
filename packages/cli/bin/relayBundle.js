// The relay's bundle: `meshtable relay` runs from one plain JavaScript file instead of through
// tsx, which would keep its loader and every compiled source in memory for the relay's lifetime
// (about 30 MB of idle RSS). esbuild (already here: tsx is built on it) inlines Meshtable's own
// packages, which are TypeScript, and leaves every third-party package to Node's resolver.
//
// The bundle is rebuilt whenever a source it is made of is newer than it, so an edited relay is
// never served stale; when it cannot be written (a read-only install), the caller falls back to
// tsx.
//
// Two things the bundle must keep as the sources have them:
// - `import.meta.url` means the source file's own URL (relay/src/options.ts finds the web app
//   from it), not the bundle's;
// - a CommonJS package (ws, level, ioredis) is loaded with require(), as the sources' loader
//   does, not with import: an ES module that imports CommonJS makes Node compile its export
//   scanner (cjs-module-lexer, WebAssembly) on background threads, whose memory stays resident
//   (2 to 6 MB of idle RSS, docs/benchmarks.md).
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const cliRoot = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(cliRoot, '../..');
const entry = join(cliRoot, 'src/relayMain.ts');
/** Where the bundle goes (ignored by git). */
export const RELAY_BUNDLE = join(cliRoot, 'dist/relay.mjs');
/** The sources the bundle is made of: the relay command, the packages it imports, this recipe. */
const SOURCES = [
  'packages/cli/src',
  'packages/cli/bin/relayBundle.js',
  'relay/src',
  'packages/schema/src',
  'package-lock.json',
].map((path) => join(repoRoot, path));

function newestMtime(path) {
  let info;
  try {
    info = statSync(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/**
 * The path of an up-to-date relay bundle, building it first when it is missing or older than its
 * sources; null when it cannot be built (the caller then runs the sources through tsx).
 */
export async function relayBundle() {
  const builtAt = newestMtime(RELAY_BUNDLE);
  if (builtAt > 0 && builtAt >= Math.max(...SOURCES.map(newestMtime))) return RELAY_BUNDLE;
  try {
    const { build } = await import('esbuild');
    const built = await build({
      entryPoints: [entry],
      outfile: RELAY_BUNDLE,
      write: false,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      // The `require` of the CommonJS packages, resolved from the bundle as imports are.
      banner: {
        js: "import { createRequire as createRequireOfBundle } from 'node:module';\nconst require = createRequireOfBundle(import.meta.url);",
      },
      plugins: [sourceUrls, thirdPartyExternal],
    });
    // Several relays may start at once (tests do): each writes its own file and renames it into
    // place, so none ever imports a half-written bundle.
    mkdirSync(dirname(RELAY_BUNDLE), { recursive: true });
    const temporary = `${RELAY_BUNDLE}.${process.pid}.tmp`;
    writeFileSync(temporary, built.outputFiles[0].contents);
    renameSync(temporary, RELAY_BUNDLE);
    return RELAY_BUNDLE;
  } catch (error) {
    process.stderr.write(
      `meshtable: running the relay from its sources (its bundle could not be built: ${error.message})\n`,
    );
    return null;
  }
}

/** Namespace of the stand-in modules that `require` a CommonJS package. */
const COMMONJS_PACKAGE = 'commonjs-package';

/**
 * Leaves every bare import but Meshtable's own (`@meshtable/…`) to Node at run time: an ES module
 * package by `import`, a CommonJS one by `require` (see the file comment).
 */
const thirdPartyExternal = {
  name: 'third-party-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@meshtable/')) return undefined;
      if (args.namespace === COMMONJS_PACKAGE || args.path.startsWith('node:')) {
        return { path: args.path, external: true };
      }
      return isCommonJsPackage(args.path, args.resolveDir)
        ? { path: args.path, namespace: COMMONJS_PACKAGE }
        : { path: args.path, external: true };
    });
    build.onLoad({ filter: /.*/, namespace: COMMONJS_PACKAGE }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
      resolveDir: cliRoot,
    }));
  },
};

/**
 * Gives each source its own `import.meta.url`, as a URL relative to the bundle's (so that the
 * checkout can move).
 */
const sourceUrls = {
  name: 'source-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const fromBundle = relative(dirname(RELAY_BUNDLE), args.path).split('\\').join('/');
      return {
        contents: source.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`,
        ),
        loader: 'ts',
      };
    });
  },
};

/** The package a bare specifier names: `ws`, `y-protocols/sync` → `y-protocols`, `@a/b/c` → `@a/b`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Whether the package, as Node resolves it from `fromDir`, is CommonJS (no `"type": "module"`). */
function isCommonJsPackage(specifier, fromDir) {
  const name = packageName(specifier);
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')).type !== 'module';
    if (dirname(dir) === dir) return false;
  }
}

/**
 * The third-party packages a built bundle loads, and how: `import` (ES modules) or `require`
 * (CommonJS), in the order they first appear. For tests and the benchmark's floor.
 * @param {string} source the bundle's text
 * @returns {{ name: string, loadedBy: 'import' | 'require' }[]}
 */
export function bundledPackages(source) {
  const found = new Map();
  for (const [, how, name] of source.matchAll(/(from |__require\()"([^"]+)"/g)) {
    if (name.startsWith('node:') || found.has(name)) continue;
    found.set(name, how === 'from ' ? 'import' : 'require');
  }
  return [...found].map(([name, loadedBy]) => ({ name, loadedBy }));
}
