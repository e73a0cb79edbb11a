/**
 * The relay without the CLI around it, for the scale benchmark's memory floors: `startRelay` in
 * a Node process with the tsx loader, so that `meshtable relay`'s idle memory can be split into
 * Node, the loader, the relay and the rest of the CLI. Takes its data directory as argument and
 * says "ready" over IPC once it listens, and runs until it is told to exit (serverProbe.mjs).
 */
import { startRelay } from '@meshtable/relay';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: relayAlone.ts <data directory>');
await startRelay({ port: 0, dataDir, webDir: null, logLevel: 'error' });
process.send?.({ type: 'ready' });
