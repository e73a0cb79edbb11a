// The relay's bundle: `meshtable relay` runs from one plain JavaScript file instead of through
// tsx, which would keep its loader and every compiled source in memory for the relay's lifetime
// (about 30 MB of idle RSS). esbuild (already here: tsx is built on it) inlines Meshtable's own
// packages, which are TypeScript, and leaves every third-party package to Node's resolver.
//
// The bundle is rebuilt whenever a source it is made of is newer than it, so an edited relay is
// never served stale; when it cannot be written (a read-only install), the caller falls back to
// tsx.
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cliRoot = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(cliRoot, '../..');
const entry = join(cliRoot, 'src/relayMain.ts');
/** Where the bundle goes (ignored by git). */
export const RELAY_BUNDLE = join(cliRoot, 'dist/relay.mjs');
/** The sources the bundle is made of: the relay command and the packages it imports. */
const SOURCES = ['packages/cli/src', 'relay/src', 'packages/schema/src', 'package-lock.json'].map(
  (path) => join(repoRoot, path),
);

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
      plugins: [thirdPartyExternal],
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

/** Leaves every bare import but Meshtable's own (`@meshtable/…`) to Node at run time. */
const thirdPartyExternal = {
  name: 'third-party-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@meshtable/') ? undefined : { path: args.path, external: true },
    );
  },
};
