/**
 * The cold-open benchmark's figures (tests/bench/chromium/coldOpen.ts), in a file of their own so
 * that the Node harness reads them without the browser side's DOM types.
 */
import type { CampaignSize } from '@meshtable/campaign/testing';

/** One run's figures, ms. */
export interface ColdOpenRun {
  readonly coldMs: number;
  readonly warmMs: number;
  /** The anchor: Y.applyUpdate of the same state into a fresh doc, in Node. */
  readonly yjsApplyMs: number;
}

/** All runs, and the size of the campaign they opened. */
export interface ColdOpenResult {
  readonly runs: ColdOpenRun[];
  readonly docBytes: number;
  readonly size: CampaignSize;
}
