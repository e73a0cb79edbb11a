/**
 * The cold-open benchmark's process (started by tests/bench/chromiumChild.ts): argv[2] is
 * `{ size, runs }` as JSON; the last line of stdout is the result as JSON. A process of its own
 * because it drives a browser with the DOM's types, while the harness is type-checked for Node.
 */
import type { CampaignSize } from '@meshtable/campaign/testing';
import { runColdOpenBench } from './coldOpen';

const { size, runs } = JSON.parse(process.argv[2] ?? '{}') as { size: CampaignSize; runs: number };
console.log(JSON.stringify(await runColdOpenBench(size, runs)));
