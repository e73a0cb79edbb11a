/**
 * Where `meshtable campaign export` writes: a file that appears whole or not at all, readable
 * by its owner only (it holds the gm key), or stdout.
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { type ByteSink, CampaignTransferError } from '@meshtable/campaign';

/**
 * Writes a file through `write`, into a temporary file beside it that is flushed to disk and
 * renamed into place only once `write` has finished: an export that fails half way leaves no
 * file, and an older file of that name stays as it was. Mode 0600.
 * @returns what `write` returns
 * @throws what `write` throws (a CampaignTransferError as it is), or an Error naming the path
 */
export async function writeSecretFile<T>(
  path: string,
  write: (sink: ByteSink) => Promise<T>,
): Promise<T> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  let handle: FileHandle | undefined;
  try {
    handle = await open(temporary, 'wx', 0o600);
    const result = await write(fileSink(handle));
    // A backup that is only in the page cache is not a backup yet.
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, path);
    return result;
  } catch (error) {
    await handle?.close().catch(() => {});
    await rm(temporary, { force: true });
    if (error instanceof CampaignTransferError) throw error;
    throw new Error(`cannot write ${path}: ${(error as Error).message}`);
  }
}

/** A sink onto an open file, writing each chunk whole before it resolves. */
function fileSink(handle: FileHandle): ByteSink {
  return {
    async write(chunk) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      let written = 0;
      while (written < bytes.byteLength) {
        const { bytesWritten } = await handle.write(bytes, written, bytes.byteLength - written);
        written += bytesWritten;
      }
    },
  };
}

/** A sink onto stdout: each write resolves once stdout has taken it (backpressure). */
export const stdoutSink: ByteSink = {
  write: (chunk) =>
    new Promise<void>((resolve, reject) => {
      process.stdout.write(chunk, (error) => (error ? reject(error) : resolve()));
    }),
};
