// A floor of the scale benchmark's idle memory: a Node process holding what the relay holds but
// its own code. It loads every third-party package the relay's bundle loads at start, as the
// bundle does (read from the bundle, packages/cli/bin/relayBundle.js, so the list cannot go
// stale), opens a LevelDB and an HTTP server on 127.0.0.1, says "ready" over IPC and runs until
// it is told to exit (serverProbe.mjs). Takes its data directory as argument.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { bundledPackages, RELAY_BUNDLE } from '../../packages/cli/bin/relayBundle.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: relayDependencies.mjs <data directory>');
const source = await readFile(RELAY_BUNDLE, 'utf8');
// Loaded as the bundle loads them: CommonJS packages by require, ES modules by import.
const require = createRequire(RELAY_BUNDLE);
const loaded = {};
for (const { name, loadedBy } of bundledPackages(source)) {
  // ioredis only with --redis (relay/src/cluster/RedisCluster.ts), which the floor goes without.
  if (name === 'ioredis') continue;
  loaded[name] = loadedBy === 'require' ? require(name) : await import(name);
}
const db = new loaded.level.Level(dataDir, { valueEncoding: 'view' });
await db.open();
await new Promise((listening) => createServer().listen(0, '127.0.0.1', listening).unref());
process.send?.({ type: 'ready' });
