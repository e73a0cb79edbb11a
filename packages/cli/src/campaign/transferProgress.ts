/**
 * Progress of a long asset transfer, as lines for stderr. A campaign with a few small assets
 * moves in a blink and gets no progress at all; one with many assets, or many MB, gets a line
 * at most once a second while it runs, and a last line when it is done, so that a person (or a
 * log) can see it is moving without a flood of lines.
 */
import type { TransferProgress } from '@meshtable/campaign';

export type { TransferProgress };

/** When a transfer is long enough to report on, and how often. */
export interface ProgressPolicy {
  /** Report a transfer of at least this many assets… */
  readonly minAssets: number;
  /** …or of at least this many bytes. */
  readonly minBytes: number;
  /** The least time between two lines. */
  readonly intervalMs: number;
}

/** The policy the CLI uses. */
export const DEFAULT_PROGRESS_POLICY: ProgressPolicy = {
  minAssets: 20,
  minBytes: 32 * 1024 * 1024,
  intervalMs: 1000,
};

/** Turns progress updates into occasional lines. */
export class ProgressReport {
  private lastLineAt: number;
  private latest: TransferProgress | null = null;

  /**
   * @param verb what is done to the assets, for the line: "exported", "uploaded"
   * @param print writes one line (without its newline)
   */
  constructor(
    private readonly verb: string,
    private readonly print: (line: string) => void,
    private readonly policy: ProgressPolicy = DEFAULT_PROGRESS_POLICY,
    private readonly now: () => number = Date.now,
  ) {
    this.lastLineAt = now();
  }

  /** Takes the latest progress; prints a line when one is due. */
  update(progress: TransferProgress): void {
    this.latest = progress;
    if (!this.reported(progress)) return;
    if (this.now() - this.lastLineAt < this.policy.intervalMs) return;
    this.printLine(progress);
  }

  /** Prints the last line, for a transfer long enough to report on. */
  finish(): void {
    if (this.latest !== null && this.reported(this.latest)) this.printLine(this.latest);
  }

  private reported(progress: TransferProgress): boolean {
    return (
      progress.assetsTotal >= this.policy.minAssets || progress.bytesTotal >= this.policy.minBytes
    );
  }

  private printLine(progress: TransferProgress): void {
    this.lastLineAt = this.now();
    this.print(
      `assets ${progress.assetsDone}/${progress.assetsTotal} ${this.verb} (${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)})`,
    );
  }
}

/** A size for people: bytes, KiB or MiB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
