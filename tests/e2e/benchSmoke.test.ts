/**
 * `npm run bench -- --smoke`, once, inside `npm test`: every benchmark of tests/bench runs its
 * smallest round against its anchors (the board's in Chromium, on the built app, hence the e2e
 * project; the 8-peer mesh's in Chromium too, on a page of its own), so that the harness cannot
 * rot between full runs. Benchmarks are not tests: nothing here looks at a figure's value, only
 * that each benchmark produced its rows and that the run wrote nothing (docs/benchmarks.md is
 * written by full runs alone).
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOC = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));

function runSmoke(): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/bench/run.ts', '--smoke'], {
      cwd: ROOT,
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

it('runs every benchmark in its smallest mode and writes nothing', async () => {
  const before = await readFile(DOC, 'utf8');
  const { code, out } = await runSmoke();
  expect(code, out.slice(-3000)).toBe(0);
  const rows = out
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| figure'));
  for (const benchmark of [
    /^\| fan-out latency, 2 clients/,
    /^\| dice throughput/,
    /^\| sandbox round trip/,
    /^\| intent to commit on 8 peers/,
    /^\| fan-out latency, \d+ clients in \d+ rooms/,
    /^\| fan-out latency, \d+ clients in \d+ rooms.*\| a server that only forwards \(floor\)/,
    /^\| idle RSS after start/,
    /^\| frame time panning/,
    /^\| open a [\d.]+ MB campaign in Chromium, cold/,
    /^\| propagation p99, clients on two relays of the cluster/,
    /^\| throughput, 3 relays with Redis/,
    /^\| raw WebRTC data channel between Chromium pages, one way/,
    /^\| P2P move on 8 Chromium peers/,
    /^\| intent to commit on 8 Chromium peers, the core rules/,
    /^\| intent to commit on 8 Chromium peers, a module in the sandbox worker/,
  ]) {
    expect(
      rows.some((row) => benchmark.test(row)),
      `no row matches ${benchmark}`,
    ).toBe(true);
  }
  // Every row carries a figure, its anchor's and their ratio: none came out empty.
  for (const row of rows) expect(row, row).not.toMatch(/NaN|undefined|Infinity/);
  expect(await readFile(DOC, 'utf8')).toBe(before);
}, 300_000);
