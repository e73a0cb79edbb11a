#!/usr/bin/env node
// The `meshtable` command. Meshtable's packages are TypeScript sources; tsx compiles them on load,
// so `npx meshtable` works right after `npm ci`, with no build step. The relay, which stays up
// for months, runs from a bundle instead (relayBundle.js) so that it does not carry tsx's loader;
// MESHTABLE_RELAY_FROM_SOURCES=1 runs it through tsx like the other commands.
const argv = process.argv.slice(2);
/** V8's default `--semi-space-growth-factor`. */
const V8_SEMI_SPACE_GROWTH = 2;

if (argv[0] === 'relay' && process.env.MESHTABLE_RELAY_FROM_SOURCES !== '1') {
  // Start-up allocates mostly what stays (modules, compiled code), so V8 would grow the young
  // generation to 8 MB for it, and those pages stay resident while the relay idles (1.5 MB of
  // idle RSS, docs/benchmarks.md). Its growth is held back until the relay listens; then V8's
  // default factor comes back, so that under load the young generation grows as it needs.
  const v8 = await import('node:v8');
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  const growAgain = () =>
    v8.setFlagsFromString(`--semi-space-growth-factor=${V8_SEMI_SPACE_GROWTH}`);
  const { relayBundle } = await import('./relayBundle.js');
  const bundle = await relayBundle();
  if (bundle !== null) {
    const { pathToFileURL } = await import('node:url');
    const { relayMain } = await import(pathToFileURL(bundle).href);
    process.exitCode = await relayMain(argv.slice(1), growAgain);
  } else {
    growAgain();
    await runFromSources();
  }
} else {
  await runFromSources();
}

async function runFromSources() {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/main.ts');
  process.exitCode = await main(argv);
}
