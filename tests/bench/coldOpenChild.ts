/**
 * Runs the cold-open benchmark (tests/bench/chromium/coldOpenMain.ts) in a child process and
 * returns its figures (see chromiumChild.ts for why a child).
 */
import { fileURLToPath } from 'node:url';
import type { CampaignSize } from '@meshtable/campaign/testing';
import { runChromiumBench } from './chromiumChild';
import type { ColdOpenResult } from './coldOpenFigures';

const MAIN = fileURLToPath(new URL('./chromium/coldOpenMain.ts', import.meta.url));

/** Runs `runs` cold and warm opens of a generated campaign of `size`. */
export function runColdOpenBench(size: CampaignSize, runs: number): Promise<ColdOpenResult> {
  return runChromiumBench<ColdOpenResult>(MAIN, { size, runs });
}
