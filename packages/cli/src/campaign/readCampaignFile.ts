/**
 * Opens a campaign file on disk for `meshtable campaign import`: the checks are the shared
 * reader's (packages/campaign openCampaignFile.ts, which the web app uses on a Blob); this file
 * only gives it the file's bytes, one positioned read at a time.
 */
import { type FileHandle, open } from 'node:fs/promises';
import {
  type CampaignFileContents,
  type CampaignFileSource,
  CampaignTransferError,
  type ChunkSource,
  MAX_HEADER_LINE_BYTES,
  openCampaignFile,
} from '@meshtable/campaign';

/** The default size of each read. */
export const READ_CHUNK_BYTES = 1024 * 1024;

/** A campaign file on disk, opened and checked whole; the caller closes it. */
export interface CampaignFileOnDisk extends CampaignFileContents {
  /** Closes the file. */
  close(): Promise<void>;
}

/** Limits of {@link readCampaignFile}; tests lower them. */
export interface ReadLimits {
  readonly maxHeaderLineBytes: number;
  readonly chunkBytes: number;
}

const DEFAULT_LIMITS: ReadLimits = {
  maxHeaderLineBytes: MAX_HEADER_LINE_BYTES,
  chunkBytes: READ_CHUNK_BYTES,
};

/**
 * Opens and checks a campaign file (format 1 or 2). The caller closes it.
 * @throws CampaignTransferError as openCampaignFile, and `CAMPAIGN_FILE_INVALID` for a file that
 *   cannot be read
 * @example
 * const contents = await readCampaignFile('citadel.meshtable.jsonl');
 * try {
 *   await contents.streamAssets(async (asset) => null); // each asset checked, none kept
 * } finally {
 *   await contents.close();
 * }
 */
export async function readCampaignFile(
  path: string,
  limits: ReadLimits = DEFAULT_LIMITS,
): Promise<CampaignFileOnDisk> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw unreadable(path, error);
  }
  try {
    const contents = await openCampaignFile(fileSource(handle, path, limits.chunkBytes), {
      maxHeaderLineBytes: limits.maxHeaderLineBytes,
    });
    return { ...contents, close: () => handle.close() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The file behind `handle` as the shared reader reads it. */
function fileSource(handle: FileHandle, path: string, chunkBytes: number): CampaignFileSource {
  return {
    size: async () => {
      try {
        return (await handle.stat()).size;
      } catch (error) {
        throw unreadable(path, error);
      }
    },
    read: (start) => positionedReads(handle, start, chunkBytes),
  };
}

function positionedReads(handle: FileHandle, start: number, chunkBytes: number): ChunkSource {
  let position = start;
  return {
    async next() {
      // A fresh buffer each time: pieces handed on may still be in use.
      const buffer = Buffer.allocUnsafe(chunkBytes);
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, position);
      if (bytesRead === 0) return null;
      position += bytesRead;
      return buffer.subarray(0, bytesRead);
    },
  };
}

function unreadable(path: string, error: unknown): CampaignTransferError {
  return new CampaignTransferError(
    'CAMPAIGN_FILE_INVALID',
    `Cannot read ${path}: ${(error as Error).message}`,
  );
}
