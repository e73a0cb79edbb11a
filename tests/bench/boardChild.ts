/**
 * Runs the board benchmark (tests/bench/board/boardMain.ts) in a child process and returns its
 * figures: that side drives Chromium with the DOM's types, which the Node harness does not load.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BoardConfig, BoardResult } from './boardFigures';

const MAIN = fileURLToPath(new URL('./board/boardMain.ts', import.meta.url));

/** Runs `runs` board runs and one profile; its progress goes to this process's stderr. */
export function runBoardBench(config: BoardConfig, runs: number): Promise<BoardResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', MAIN, JSON.stringify({ config, runs })],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`the board benchmark failed (exit ${code})`));
      else resolve(JSON.parse(last) as BoardResult);
    });
  });
}
