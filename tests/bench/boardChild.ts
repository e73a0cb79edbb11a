/**
 * Runs the board benchmark (tests/bench/board/boardMain.ts) in a child process and returns its
 * figures (see chromiumChild.ts for why a child).
 */
import { fileURLToPath } from 'node:url';
import type { BoardConfig, BoardResult } from './boardFigures';
import { runChromiumBench } from './chromiumChild';

const MAIN = fileURLToPath(new URL('./board/boardMain.ts', import.meta.url));

/** Runs `runs` board runs and one profile. */
export function runBoardBench(config: BoardConfig, runs: number): Promise<BoardResult> {
  return runChromiumBench<BoardResult>(MAIN, { config, runs });
}
