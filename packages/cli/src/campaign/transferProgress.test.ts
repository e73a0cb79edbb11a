import { describe, expect, it } from 'vitest';
import { formatBytes, ProgressReport, type TransferProgress } from './transferProgress';

const POLICY = { minAssets: 20, minBytes: 1000, intervalMs: 1000 };
const progress = (assetsDone: number, assetsTotal: number, bytes = 0): TransferProgress => ({
  assetsDone,
  assetsTotal,
  bytesDone: bytes,
  bytesTotal: bytes,
});

/** A report on a clock the test moves. */
function report() {
  const lines: string[] = [];
  let now = 0;
  const progressReport = new ProgressReport(
    'exported',
    (line) => lines.push(line),
    POLICY,
    () => now,
  );
  return {
    lines,
    progressReport,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('ProgressReport', () => {
  it('says nothing about a short transfer', () => {
    const { lines, progressReport, advance } = report();
    advance(5000);
    progressReport.update(progress(3, 3, 500));
    progressReport.finish();
    expect(lines).toEqual([]);
  });

  it('prints at most one line a second for many assets, and a last line', () => {
    const { lines, progressReport, advance } = report();
    progressReport.update(progress(1, 25));
    advance(600);
    progressReport.update(progress(2, 25));
    advance(600);
    progressReport.update(progress(3, 25));
    advance(100);
    progressReport.update(progress(25, 25));
    progressReport.finish();
    expect(lines).toEqual([
      'assets 3/25 exported (0 bytes of 0 bytes)',
      'assets 25/25 exported (0 bytes of 0 bytes)',
    ]);
  });

  it('reports a few large assets by their bytes', () => {
    const { lines, progressReport } = report();
    progressReport.update(progress(1, 1, 5000));
    progressReport.finish();
    expect(lines).toEqual(['assets 1/1 exported (4.9 KiB of 4.9 KiB)']);
  });
});

describe('formatBytes', () => {
  it('picks bytes, KiB or MiB', () => {
    expect(formatBytes(1023)).toBe('1023 bytes');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
  });
});
