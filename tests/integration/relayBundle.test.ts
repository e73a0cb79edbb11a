/**
 * `meshtable relay` runs from a bundle (packages/cli/bin/relayBundle.js) rather than through tsx,
 * so that the relay does not carry the TypeScript loader, and it must not load zod either (both
 * cost resident memory for months, docs/benchmarks.md). The command's own behaviour is tested in
 * cli.test.ts, which goes through the bundle too.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript file of the bin folder, without declarations.
import { RELAY_BUNDLE, relayBundle } from '../../packages/cli/bin/relayBundle.js';
import { runMeshtable } from '../support/meshtableCli';

/** Runs the meshtable command with `env` on top of this process's; resolves once it exits. */
const run = (args: string[], env: Record<string, string> = {}) =>
  runMeshtable(args, { env, deadlineMs: 30_000 });

describe('the relay bundle', () => {
  it('inlines Meshtable’s packages and leaves third-party ones, but never zod, to Node', async () => {
    expect(await relayBundle()).toBe(RELAY_BUNDLE);
    const source = await readFile(RELAY_BUNDLE, 'utf8');
    const imported = new Set([...source.matchAll(/from "([^"]+)"/g)].map(([, name]) => name));
    expect([...imported].filter((name) => name?.startsWith('@meshtable/'))).toEqual([]);
    expect(imported.has('zod')).toBe(false);
    expect(imported).toContain('yjs');
    expect(imported).toContain('level');
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
