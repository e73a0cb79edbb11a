/**
 * Runs a benchmark that drives Chromium (tests/bench/board, tests/bench/chromium) in a child
 * process and returns what it printed last: that side uses the DOM's types, which the Node
 * harness does not load. Its progress goes to this process's stderr.
 */
import { spawn } from 'node:child_process';

/** Runs the TypeScript file `main` with `input` (as JSON in argv[2]); resolves with its last stdout line, parsed. */
export function runChromiumBench<Result>(main: string, input: unknown): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, JSON.stringify(input)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`${main} failed (exit ${code})`));
      else resolve(JSON.parse(last) as Result);
    });
  });
}
