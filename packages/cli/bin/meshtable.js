#!/usr/bin/env node
// The `meshtable` command. Meshtable's packages are TypeScript sources; tsx compiles them on load,
// so `npx meshtable` works right after `npm ci`, with no build step. The relay, which stays up
// for months, runs from a bundle instead (relayBundle.js) so that it does not carry tsx's loader;
// MESHTABLE_RELAY_FROM_SOURCES=1 runs it through tsx like the other commands.
const argv = process.argv.slice(2);

if (argv[0] === 'relay' && process.env.MESHTABLE_RELAY_FROM_SOURCES !== '1') {
  const { relayBundle } = await import('./relayBundle.js');
  const bundle = await relayBundle();
  if (bundle !== null) {
    const { pathToFileURL } = await import('node:url');
    const { relayMain } = await import(pathToFileURL(bundle).href);
    process.exitCode = await relayMain(argv.slice(1));
  } else {
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
