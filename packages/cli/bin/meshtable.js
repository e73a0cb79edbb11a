#!/usr/bin/env node
// The `meshtable` command. Meshtable's packages are TypeScript sources; tsx compiles them on load,
// so `npx meshtable` works right after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
