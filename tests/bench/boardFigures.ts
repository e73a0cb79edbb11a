/**
 * The board benchmark's figures (tests/bench/board/boardFrames.ts measures them in Chromium, in a
 * process of its own: see boardChild.ts), as plain data that Node's side of the harness reads.
 */

/** The sizes of one board benchmark. */
export interface BoardConfig {
  /** Tokens on the big scene: a grid of `columns` × rows of one-cell tokens. */
  readonly tokens: number;
  readonly columns: number;
  /** How long each pan lasts, ms. */
  readonly panMs: number;
}

/** The benchmark as issue 7 asks it. */
export const BOARD_FULL: BoardConfig = { tokens: 2000, columns: 50, panMs: 6000 };
/** A small one for development (`--quick`). */
export const BOARD_QUICK: BoardConfig = { tokens: 200, columns: 20, panMs: 1500 };
/** The smallest, for `--smoke` (`npm test`): its figures mean nothing. */
export const BOARD_SMOKE: BoardConfig = { tokens: 20, columns: 5, panMs: 300 };

/** Frame times of one pan, ms. */
export interface FrameFigures {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  /** Frames drawn in the pan. */
  readonly frames: number;
}

/** One run's figures. */
export interface BoardRun {
  /** Navigation start until every token shape is in the DOM and drawn by the token layer, ms. */
  readonly openMs: number;
  readonly tokens: FrameFigures;
  readonly emptyScene: FrameFigures;
  /** The scene without tokens at 100 % zoom: the board's own floor there. */
  readonly emptyAtOne: FrameFigures;
  readonly geo: FrameFigures;
  /** The same pans at 100 % zoom, where only the tokens in view are drawn. */
  readonly tokensAtOne: FrameFigures;
  readonly geoAtOne: FrameFigures;
  /** The machine's 1-minute load average when the run ended: the CPUs are shared. */
  readonly load: number;
}

/** Where a pan's time went: the trace's events, summed by thread and name. */
export interface PanProfile {
  readonly frames: number;
  /** ms per frame, largest first: `thread: event`. */
  readonly perFrame: readonly { readonly what: string; readonly ms: number }[];
}

/** What the board benchmark's process reports: every run, and one traced pan of each board. */
export interface BoardResult {
  runs: BoardRun[];
  /** The tokens', the same board's without tokens, and the geo shapes'; then the first two at 100 %. */
  profile: {
    tokens: PanProfile | null;
    empty: PanProfile | null;
    geo: PanProfile | null;
    tokensAtOne: PanProfile | null;
    emptyAtOne: PanProfile | null;
  };
}
