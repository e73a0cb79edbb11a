/**
 * `GET` and `HEAD /assets/<sha256>`: serves a stored asset. No token: an asset's name is the
 * SHA-256 of its bytes, which cannot be guessed and is known only to whoever has the document
 * that references it (docs/relay.md, "Assets"). A name never changes its bytes, so answers are
 * cached for a year as immutable, with the hash as a strong ETag; `Range` serves a part (audio
 * seeking), `If-None-Match` a 304.
 */
import type { FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import type { AssetPeers } from '../cluster/ClusterAssets';
import type { Logger } from '../logger';
import { AssetError } from './AssetError';
import type { AssetMetrics } from './AssetMetrics';
import type { AssetStore, StoredAsset } from './AssetStore';
import { ASSET_SECURITY_HEADERS, sendAssetError } from './assetResponses';
import { ASSET_TYPES } from './assetTypes';
import { ifRangeAllows, noneMatchHits, parseRange } from './conditionalRequests';

/** What a download needs. */
export interface DownloadContext {
  readonly store: AssetStore;
  readonly metrics: AssetMetrics;
  readonly log: Logger;
  /** In a cluster: where an asset this relay lacks is fetched from (docs/scaling.md). */
  readonly peers?: AssetPeers | null;
}

/** Cache-Control of every stored asset: its name is its content. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** Handles one GET or HEAD; never throws. */
export async function downloadAsset(
  context: DownloadContext,
  req: IncomingMessage,
  res: ServerResponse,
  sha256: string,
): Promise<void> {
  const { store, log } = context;
  // Opened first: a deletion of the asset meanwhile cannot cut this download short.
  let file: FileHandle | null = null;
  let asset: StoredAsset | null = null;
  try {
    file = await store.openRead(sha256);
    if (file === null && context.peers && (await context.peers.fetchMissing(sha256, store))) {
      file = await store.openRead(sha256);
    }
    if (file !== null) asset = await store.describe(sha256);
  } catch (error) {
    await file?.close();
    log.error('asset.failed', { sha256, code: 'ASSET_STORAGE_FAILED', error: String(error) });
    return refuse(context, res, new AssetError('ASSET_STORAGE_FAILED', 'the asset cannot be read'));
  }
  if (file === null || asset === null) {
    await file?.close();
    return refuse(context, res, new AssetError('ASSET_NOT_FOUND', `no asset ${sha256} is stored`));
  }
  // Closed here unless the body streams it (the stream closes it then).
  const handle = file;
  let streaming = false;
  try {
    streaming = serve(context, req, res, sha256, asset, handle);
  } finally {
    if (!streaming) await handle.close();
  }
}

/** Answers with the opened asset; returns whether its body streams (and so closes `file`). */
function serve(
  context: DownloadContext,
  req: IncomingMessage,
  res: ServerResponse,
  sha256: string,
  asset: StoredAsset,
  file: FileHandle,
): boolean {
  const { store, metrics, log } = context;

  const etag = `"${sha256}"`;
  const type = ASSET_TYPES[asset.type];
  const headers: Record<string, string | number> = {
    ...ASSET_SECURITY_HEADERS,
    etag,
    'cache-control': ASSET_CACHE_CONTROL,
    'accept-ranges': 'bytes',
    // The filename is made of the hash and a fixed extension only: nothing a client chose.
    'content-disposition': `${type.disposition}; filename="${sha256}.${type.extension}"`,
  };
  if (noneMatchHits(req.headers['if-none-match'], etag)) {
    res.writeHead(304, headers).end();
    return false;
  }
  const ifRange = req.headers['if-range'];
  const range = ifRangeAllows(Array.isArray(ifRange) ? ifRange.join(', ') : ifRange, etag)
    ? parseRange(req.headers.range, asset.size)
    : null;
  if (range === 'unsatisfiable') {
    refuse(
      context,
      res,
      new AssetError(
        'ASSET_RANGE_NOT_SATISFIABLE',
        `the range starts past the end of the asset (${asset.size} bytes)`,
      ),
      { 'content-range': `bytes */${asset.size}`, 'accept-ranges': 'bytes' },
    );
    return false;
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? asset.size - 1;
  headers['content-type'] = type.contentType;
  headers['content-length'] = end - start + 1;
  if (range) headers['content-range'] = `bytes ${start}-${end}/${asset.size}`;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return false;
  }
  const stream = store.read(file, start, end);
  let readError: Error | undefined;
  stream.once('error', (error) => {
    readError = error;
  });
  // pipeline, not pipe: a client that goes away mid-download must also close the file.
  pipeline(stream, res, (error) => {
    if (!error) {
      metrics.downloads++;
      metrics.downloadBytes += end - start + 1;
    } else if (readError) {
      log.error('asset.failed', { sha256, code: 'ASSET_STORAGE_FAILED', error: String(readError) });
      metrics.countRefusal('ASSET_STORAGE_FAILED');
    }
  });
  return true;
}

function refuse(
  context: DownloadContext,
  res: ServerResponse,
  error: AssetError,
  headers: Record<string, string> = {},
): void {
  context.metrics.countRefusal(error.code);
  sendAssetError(res, error, headers);
}
