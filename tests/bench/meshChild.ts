/**
 * Runs the 8-peer Chromium mesh benchmark (tests/bench/chromium/meshMain.ts) in a child process
 * and returns its figures (see chromiumChild.ts for why a child).
 */
import { fileURLToPath } from 'node:url';
import { runChromiumBench } from './chromiumChild';
import type { MeshConfig, MeshResult } from './meshFigures';

const MAIN = fileURLToPath(new URL('./chromium/meshMain.ts', import.meta.url));

/** Runs the raw-channel floors, the P2P move and intent to commit on 8 Chromium pages. */
export function runMeshBench(config: MeshConfig): Promise<MeshResult> {
  return runChromiumBench<MeshResult>(MAIN, config);
}
