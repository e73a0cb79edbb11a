/**
 * The 8-peer Chromium mesh benchmark's sizes and figures (tests/bench/chromium/mesh.ts measures
 * them in a process of its own: see meshChild.ts), as plain data that Node's side of the harness
 * reads without the browser side's DOM types.
 */
import type { LatencySummary } from './latency';

/** The sizes of one mesh benchmark. */
export interface MeshConfig {
  /** Rounds of each series in each run (the first tenth of each is left out as warm-up). */
  readonly rounds: number;
  /** Runs, each every series in turn on the same 8 pages. */
  readonly runs: number;
  /** Rounds of each series before the first run, not recorded. */
  readonly warmup: number;
  /** Also run the intent series with a rules module in each GM's sandbox worker. */
  readonly module: boolean;
}

/** The full run: 5 runs of 200 rounds per series. */
export const MESH_FULL: MeshConfig = { rounds: 200, runs: 5, warmup: 30, module: true };
/** `--quick`: one run of 40 rounds. */
export const MESH_QUICK: MeshConfig = { rounds: 40, runs: 1, warmup: 5, module: true };
/** `--smoke` (`npm test`): the smallest that goes through every series; its figures mean nothing. */
export const MESH_SMOKE: MeshConfig = { rounds: 10, runs: 1, warmup: 2, module: true };

/** The pause between two rounds, ms: each round's echoes (y-webrtc forwards what it receives) die down. */
export const MESH_PAUSE_MS = 15;

/** The series of one run, in the order they run. */
export const MESH_SERIES = [
  /** Peer 0 sends a message on its 7 raw data channels; until all 7 have it. */
  'rawAll',
  /** A player sends to peer 0 over a raw channel, which sends an answer to all; until all 8 have it. */
  'rawViaGm',
  /** The GM's peer moves a token (y-webrtc, as the app syncs); until all 7 others see it. */
  'move',
  /** A player's token.move intent, ruled by GmValidator with the core rules; until all 8 docs hold its receipt and the move. */
  'intentCore',
  /** The same with a rules module in the GM page's sandbox worker. */
  'intentModule',
] as const;

/** One of {@link MESH_SERIES}. */
export type MeshSeries = (typeof MESH_SERIES)[number];

/**
 * Where an intent's time goes, the median of each step over a series' rounds, ms: signing and
 * appending it on the player's page, until the GM's page has it, until the GM's page holds its
 * receipt (the ruling), and until all 8 docs hold the receipt and the move.
 */
export interface IntentParts {
  readonly sign: number;
  readonly toGm: number;
  readonly rule: number;
  readonly fanOut: number;
}

/** The intent series. */
export type IntentSeries = 'intentCore' | 'intentModule';

/** One run: each series' latency in ms, and the raw channels' one-way latency, link by link. */
export type MeshRun = Partial<Record<MeshSeries, LatencySummary>> & {
  /** One-way latency of each of the 7 receipts of `rawAll`, as separate samples. */
  readonly rawLink: LatencySummary;
  readonly parts: Partial<Record<IntentSeries, IntentParts>>;
};

/** What the mesh benchmark's process reports. */
export interface MeshResult {
  readonly runs: MeshRun[];
  /** ms from launching Chromium until the 8 pages had both meshes complete. */
  readonly setupMs: number;
  /** Records of the table: tokens on the scene, players. */
  readonly table: { readonly tokens: number; readonly players: number };
  /** The machine's 1-minute load average as the runs began and as they ended. */
  readonly load: { readonly start: number; readonly end: number };
}
