/**
 * Asset files on disk, named by their SHA-256, under `<data>/assets/`:
 *
 * - `files/<first two hex digits>/<sha256>`: the stored assets (two-digit folders keep any one
 *   folder small). A file appears there whole or not at all: it is written under `incoming/`,
 *   flushed to disk, then renamed into place, and a rename within one file system is atomic.
 * - `incoming/`: uploads in progress. Whatever is there at start-up is a leftover of a crash
 *   and is deleted.
 *
 * Assets are immutable: a name always means the same bytes, so a second copy of an asset is
 * simply dropped, and two uploads of the same asset at once both succeed. A deletion removes the
 * file (a download under way keeps reading it: the open file outlives its name).
 */
import { randomBytes } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { type FileHandle, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type AssetTypeName, MAX_SNIFF_BYTES, sniffAssetType } from './assetTypes';

/** What is stored under a name. */
export interface StoredAsset {
  readonly size: number;
  readonly type: AssetTypeName;
}

/** An upload being written under `incoming/`. */
export interface AssetWriter {
  /** Appends bytes; resolves once they are handed to the file system. */
  write(chunk: Uint8Array): Promise<void>;
  /**
   * Flushes the file to disk and moves it to its name, or drops it when that name is already
   * stored (the bytes are the same: the caller checked the hash).
   * @returns true when this upload stored the asset, false when it was there already
   */
  commit(sha256: string): Promise<boolean>;
  /** Deletes the unfinished file. Safe to call more than once, and after commit. */
  discard(): Promise<void>;
}

/** Stored assets whose type is remembered, so that a GET need not read the file's head. */
const DESCRIBED_CACHE_SIZE = 4096;

/** The asset files of one relay. */
export class AssetStore {
  private readonly filesDir: string;
  private readonly incomingDir: string;
  private readonly described = new Map<string, StoredAsset>();

  /** @param root the assets folder, `<data>/assets` */
  constructor(root: string) {
    this.filesDir = join(root, 'files');
    this.incomingDir = join(root, 'incoming');
  }

  /** Makes the folders and deletes uploads a crash left unfinished. */
  async open(): Promise<void> {
    await mkdir(this.filesDir, { recursive: true });
    await mkdir(this.incomingDir, { recursive: true });
    for (const leftover of await readdir(this.incomingDir)) {
      await rm(join(this.incomingDir, leftover), { force: true, recursive: true });
    }
  }

  /** Path of a stored asset (the name must already be checked: 64 lowercase hex digits). */
  pathOf(sha256: string): string {
    return join(this.filesDir, sha256.slice(0, 2), sha256);
  }

  /** Size and type of a stored asset, or null when none has that name. */
  async describe(sha256: string): Promise<StoredAsset | null> {
    const known = this.described.get(sha256);
    if (known) return known;
    let handle: FileHandle;
    try {
      handle = await open(this.pathOf(sha256), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      const head = new Uint8Array(Math.min(size, MAX_SNIFF_BYTES));
      await handle.read(head, 0, head.length, 0);
      // The upload was sniffed the same way; a file that no longer sniffs was altered on disk.
      const sniffed = sniffAssetType(head, true);
      if (sniffed.kind !== 'type') throw new Error(`stored asset ${sha256} is of no known type`);
      const asset: StoredAsset = { size, type: sniffed.type };
      if (this.described.size >= DESCRIBED_CACHE_SIZE) {
        const oldest = this.described.keys().next().value;
        if (oldest !== undefined) this.described.delete(oldest);
      }
      this.described.set(sha256, asset);
      return asset;
    } finally {
      await handle.close();
    }
  }

  /** Whether an asset of that name is stored. */
  async has(sha256: string): Promise<boolean> {
    return (await stat(this.pathOf(sha256)).catch(() => null))?.isFile() ?? false;
  }

  /**
   * Deletes a stored asset's file.
   * @returns whether there was one
   */
  async remove(sha256: string): Promise<boolean> {
    this.described.delete(sha256);
    const folder = join(this.filesDir, sha256.slice(0, 2));
    try {
      await rm(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    await syncFolder(folder);
    return true;
  }

  /**
   * Opens a stored asset for reading, or null when none has that name. The open file stays
   * readable whole even if the asset is deleted meanwhile.
   */
  async openRead(sha256: string): Promise<FileHandle | null> {
    try {
      return await open(this.pathOf(sha256), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** Streams bytes `start` to `end` (inclusive) of an opened asset, and then closes it. */
  read(handle: FileHandle, start: number, end: number): ReadStream {
    return handle.createReadStream({ start, end });
  }

  /** Starts writing an upload under `incoming/`. */
  async beginWrite(): Promise<AssetWriter> {
    const path = join(this.incomingDir, `${Date.now()}-${randomBytes(8).toString('hex')}`);
    const handle = await open(path, 'wx');
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await handle.close();
    };
    return {
      write: async (chunk) => {
        let written = 0;
        while (written < chunk.length) {
          const { bytesWritten } = await handle.write(chunk, written, chunk.length - written);
          written += bytesWritten;
        }
      },
      commit: async (sha256) => {
        const target = this.pathOf(sha256);
        if (await this.has(sha256)) {
          await this.discardFile(path, close);
          return false;
        }
        await handle.sync();
        await close();
        await mkdir(join(this.filesDir, sha256.slice(0, 2)), { recursive: true });
        await rename(path, target);
        await syncFolder(join(this.filesDir, sha256.slice(0, 2)));
        return true;
      },
      discard: () => this.discardFile(path, close),
    };
  }

  private async discardFile(path: string, close: () => Promise<void>): Promise<void> {
    await close().catch(() => {});
    await rm(path, { force: true });
  }
}

/**
 * Flushes a folder's entries, so that a rename into it survives a power cut. Best effort: some
 * file systems cannot open a folder for this, and the rename itself is already atomic.
 */
async function syncFolder(path: string): Promise<void> {
  try {
    const folder = await open(path, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  } catch {
    // Not every platform can fsync a directory; the file itself is on disk already.
  }
}
