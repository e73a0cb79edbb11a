/**
 * `meshtable relay` runs from a bundle (packages/cli/bin/relayBundle.js) rather than through tsx,
 * so that the relay does not carry the TypeScript loader, and it must not load zod either (both
 * cost resident memory for months, docs/benchmarks.md). The command's own behaviour is tested in
 * cli.test.ts, which goes through the bundle too.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  bundledPackages,
  RELAY_BUNDLE,
  relayBundle,
  // @ts-expect-error: a plain JavaScript file of the bin folder, without declarations.
} from '../../packages/cli/bin/relayBundle.js';
import { runMeshtable } from '../support/meshtableCli';
import { spawnRelay } from '../support/relayProcess';
import { waitFor } from '../support/waitFor';

/** Runs the meshtable command with `env` on top of this process's; resolves once it exits. */
const run = (args: string[], env: Record<string, string> = {}) =>
  runMeshtable(args, { env, deadlineMs: 30_000 });

describe('the relay bundle', () => {
  it('inlines Meshtable’s packages and leaves third-party ones, but never zod, to Node', async () => {
    expect(await relayBundle()).toBe(RELAY_BUNDLE);
    const source = await readFile(RELAY_BUNDLE, 'utf8');
    const loaded = new Map(
      (bundledPackages(source) as { name: string; loadedBy: string }[]).map(
        ({ name, loadedBy }) => [name, loadedBy],
      ),
    );
    expect([...loaded.keys()].filter((name) => name.startsWith('@meshtable/'))).toEqual([]);
    expect(loaded.has('zod')).toBe(false);
    // ES module packages are imported; CommonJS ones are required, as Node loads them natively
    // (an import would make Node compile its CommonJS export scanner: idle memory).
    expect(loaded.get('yjs')).toBe('import');
    expect(loaded.get('level')).toBe('require');
    expect(loaded.get('ws')).toBe('require');
  });

  it('loads ioredis only for a relay given --redis', async () => {
    const source = await readFile(RELAY_BUNDLE, 'utf8');
    const requiredAt = source.indexOf('require_ioredis()');
    expect(requiredAt).toBeGreaterThan(0);
    // Its one call is inside the dynamic import of RedisCluster.create, never at the top level.
    expect(source.lastIndexOf('require_ioredis()')).toBe(requiredAt);
    expect(source.slice(requiredAt - 80, requiredAt)).toContain('await Promise.resolve().then(');
  });

  it('gives each source its own import.meta.url: the relay finds the web app', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'meshtable-bundle-'));
    let log = '';
    const relay = await spawnRelay(dataDir, 0, {
      bare: true,
      args: ['--port', '0', '--data', dataDir],
      stderr: 'pipe',
    });
    relay.child.stderr?.on('data', (chunk) => {
      log += chunk;
    });
    try {
      await waitFor('the relay logs where it listens', () => log.includes('"relay.listening"'));
      const listening = JSON.parse(
        log.split('\n').find((line) => line.includes('"relay.listening"')) ?? '{}',
      );
      // From the bundle (packages/cli/dist) the sources' relative path pointed one folder off.
      expect(listening.webDir).toBe(fileURLToPath(new URL('../../apps/web/dist', import.meta.url)));
    } finally {
      await relay.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('runs the same command as the sources do', async () => {
    const bundled = await run(['relay', '--help']);
    const fromSources = await run(['relay', '--help'], { MESHTABLE_RELAY_FROM_SOURCES: '1' });
    expect(bundled.code).toBe(0);
    expect(bundled.stdout).toContain('Usage: meshtable relay');
    expect(fromSources).toEqual(bundled);
  });

  it('reports a usage error with exit code 2, like the sources', async () => {
    const bundled = await run(['relay', '--no-such-flag']);
    expect(bundled.code).toBe(2);
    expect(bundled.stderr).toMatch(/^meshtable: .*no-such-flag/);
  });
});
