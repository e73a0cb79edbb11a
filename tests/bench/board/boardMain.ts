/**
 * The board benchmark's process (started by tests/bench/boardChild.ts): argv[2] is
 * `{ config, runs }` as JSON; the last line of stdout is `{ runs, profile }` as JSON. It runs in
 * a process of its own because it drives a browser, with the DOM's types, while the rest of the
 * harness is type-checked for Node alone.
 */
import type { BoardConfig, BoardResult } from '../boardFigures';
import { openBoardBench } from './boardFrames';

const { config, runs } = JSON.parse(process.argv[2] ?? '{}') as {
  config: BoardConfig;
  runs: number;
};
const bench = await openBoardBench(config);
try {
  const result: BoardResult = {
    runs: [],
    profile: { tokens: null, empty: null, geo: null, tokensAtOne: null, emptyAtOne: null },
  };
  for (let run = 0; run < runs; run++) {
    result.runs.push(await bench.run());
    console.error(`board run ${run + 1} of ${runs} done`);
  }
  const profile = await bench.profile();
  result.profile = profile;
  console.log(JSON.stringify(result));
} finally {
  await bench.close();
}
