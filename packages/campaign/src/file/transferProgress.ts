/** How far a long asset transfer (a campaign file's export or import) has come. */
export interface TransferProgress {
  readonly assetsDone: number;
  readonly assetsTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
}
