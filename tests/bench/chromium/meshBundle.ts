/**
 * Builds the mesh benchmark's page (meshPage.ts) with esbuild into a folder the real relay serves
 * as its web app: `index.html`, the page's bundle under `static/`, and the rules sandbox's worker
 * (packages/sandbox/src/browser/worker.ts) under `static/worker/`, where the relay serves it with
 * the worker's own Content-Security-Policy, as it serves the app's. A small page instead of 8 full
 * apps, so that 8 browser contexts fit on this machine's 2 CPUs.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const PAGE_ENTRY = fileURLToPath(new URL('./meshPage.ts', import.meta.url));
const WORKER_ENTRY = fileURLToPath(
  new URL('../../../packages/sandbox/src/browser/worker.ts', import.meta.url),
);
/** Where the worker's bundle goes, relative to the web folder. */
const WORKER_PATH = 'static/worker/sandbox.js';

/**
 * The app's launcher finds its worker as `new URL('./worker.ts', import.meta.url)`, which Vite
 * turns into the worker bundle's URL; esbuild has no such rule, so this points it at ours.
 */
const workerUrl: Plugin = {
  name: 'sandbox-worker-url',
  setup(plugin) {
    plugin.onLoad({ filter: /browserWorkerLauncher\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const pattern = "new URL('./worker.ts', import.meta.url)";
      if (!source.includes(pattern)) {
        throw new Error(`${args.path} no longer finds its worker as ${pattern}`);
      }
      return {
        contents: source.replace(pattern, `new URL('/${WORKER_PATH}', location.href)`),
        loader: 'ts',
      };
    });
  },
};

/** Writes the page and the worker into `webDir`. */
export async function buildMeshPage(webDir: string): Promise<void> {
  const common = {
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  } as const;
  await Promise.all([
    build({
      ...common,
      entryPoints: [PAGE_ENTRY],
      outfile: join(webDir, 'static/mesh.js'),
      plugins: [workerUrl],
    }),
    build({ ...common, entryPoints: [WORKER_ENTRY], outfile: join(webDir, WORKER_PATH) }),
  ]);
  await writeFile(
    join(webDir, 'index.html'),
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Mesh benchmark</title>' +
      '<script type="module" src="/static/mesh.js"></script></head><body></body></html>\n',
  );
}
