/**
 * `meshtable relay` runs from a bundle (packages/cli/bin/relayBundle.js) rather than through tsx,
 * so that the relay does not carry the TypeScript loader, and it must not load zod either (both
 * cost resident memory for months, docs/benchmarks.md). The command's own behaviour is tested in
 * cli.test.ts, which goes through the bundle too.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript file of the bin folder, without declarations.
import { RELAY_BUNDLE, relayBundle } from '../../packages/cli/bin/relayBundle.js';

const BIN = fileURLToPath(new URL('../../packages/cli/bin/meshtable.js', import.meta.url));

function run(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      out += chunk;
    });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

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
    expect(bundled.out).toContain('Usage: meshtable relay');
    expect(fromSources).toEqual(bundled);
  });

  it('reports a usage error with exit code 2, like the sources', async () => {
    const bundled = await run(['relay', '--no-such-flag']);
    expect(bundled.code).toBe(2);
    expect(bundled.out).toMatch(/^meshtable: .*no-such-flag/);
  });
});
