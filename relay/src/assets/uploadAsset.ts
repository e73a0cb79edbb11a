/**
 * `PUT /assets/<sha256>`: stores an asset for a room (DESIGN.md §5).
 *
 * The room and its token come in headers, `X-Meshtable-Room: <room>` and
 * `Authorization: Bearer <token>`, so that tokens stay out of URLs and access logs. The room must
 * have been claimed already (by a `/sync` connection with the same token): an upload never claims
 * a room. Then, in order, each as soon as it can be known: the announced length against the cap
 * and the room's quota; the bytes as they arrive against both, the type from the first bytes,
 * JSON as it streams; at the end the hash against the name. The asset is charged to the room
 * and moved into place last. Any refusal, and a client that goes away, leaves nothing behind.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AssetPeers } from '../cluster/ClusterAssets';
import type { Logger } from '../logger';
import { AssetError } from './AssetError';
import type { AssetLedger } from './AssetLedger';
import type { AssetMetrics } from './AssetMetrics';
import type { AssetStore, AssetWriter } from './AssetStore';
import { endRefused, sendAssetAnswer } from './assetResponses';
import { ASSET_TYPES } from './assetTypes';
import type { KeyedQueue } from './KeyedQueue';
import { formatBytes, receiveUpload } from './receiveUpload';
import { authorizeRoom, type RoomTokenVerifier } from './roomAccess';

/** What an upload needs. */
export interface UploadContext {
  readonly store: AssetStore;
  readonly ledger: AssetLedger;
  readonly verifier: RoomTokenVerifier;
  readonly metrics: AssetMetrics;
  readonly log: Logger;
  readonly maxAssetBytes: number;
  readonly maxJsonAssetBytes: number;
  readonly quotaBytesPerRoom: number;
  /** Runs a task alone for one asset (shared with deletions). */
  readonly assetLocks: KeyedQueue;
  /** In a cluster: told that this relay holds the asset now (docs/scaling.md). */
  readonly peers?: AssetPeers | null;
}

/** The JSON body of a successful upload. */
export interface UploadAnswer {
  sha256: string;
  size: number;
  type: string;
  contentType: string;
  /** True when this upload put the bytes on disk, false when they were there already. */
  stored: boolean;
  /** Asset bytes charged to the room, this one included, and the room's quota. */
  roomBytes: number;
  roomQuotaBytes: number;
}

/** Handles one PUT; never throws (every failure is answered or, for a gone client, logged). */
export async function uploadAsset(
  context: UploadContext,
  req: IncomingMessage,
  res: ServerResponse,
  sha256: string,
): Promise<void> {
  const { store, ledger, metrics, log } = context;
  let writer: AssetWriter | undefined;
  let room: string | undefined;
  try {
    room = await authorizeRoom(context.verifier, req, 'uploading');
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
      throw new AssetError(
        'ASSET_TYPE_REFUSED',
        `Content-Encoding ${encoding} is not accepted: send the asset's bytes as they are`,
      );
    }
    const announced = announcedLength(req);
    if (announced !== null && announced > context.maxAssetBytes) {
      throw new AssetError(
        'ASSET_TOO_LARGE',
        `the asset is ${formatBytes(announced)}, larger than ${formatBytes(context.maxAssetBytes)}, the most this relay accepts`,
      );
    }
    const quotaLeft = (await ledger.has(room, sha256))
      ? Number.POSITIVE_INFINITY
      : context.quotaBytesPerRoom - (await ledger.usage(room));
    if (announced !== null && announced > quotaLeft) throw quotaExceeded(quotaLeft, announced);

    writer = await store.beginWrite();
    const received = await receiveUpload(
      req,
      sha256,
      {
        maxBytes: context.maxAssetBytes,
        maxJsonBytes: context.maxJsonAssetBytes,
        quotaLeft,
      },
      writer,
    );
    const placing = writer;
    const placed = { stored: false };
    const charge = await ledger
      .charge(room, sha256, received.size, context.quotaBytesPerRoom, async () => {
        // After the charge, so that a deletion of the asset under way sees this room hold it.
        placed.stored = await context.assetLocks.run(sha256, () => placing.commit(sha256));
      })
      .catch((error: unknown) => {
        throw new AssetError('ASSET_STORAGE_FAILED', 'the relay could not store the asset', error);
      });
    if (charge === 'over-quota') {
      // Another upload to the room got there first.
      throw quotaExceeded(context.quotaBytesPerRoom - (await ledger.usage(room)), received.size);
    }
    const { stored } = placed;
    context.peers?.holds(sha256);
    context.peers?.roomHolds(room, sha256);
    metrics.uploads++;
    metrics.uploadBytes += received.size;
    log.info('asset.stored', { room, sha256, size: received.size, type: received.type, stored });
    const answer: UploadAnswer = {
      sha256,
      size: received.size,
      type: received.type,
      contentType: ASSET_TYPES[received.type].contentType,
      stored,
      roomBytes: await ledger.usage(room),
      roomQuotaBytes: context.quotaBytesPerRoom,
    };
    sendAssetAnswer(
      res,
      stored ? 201 : 200,
      answer,
      stored ? { location: `/assets/${sha256}` } : {},
    );
  } catch (error) {
    await writer?.discard().catch((cause: unknown) => {
      log.error('asset.discard_failed', { sha256, error: String(cause) });
    });
    endRefused(context, req, res, error, {
      room,
      sha256,
      failed: 'the relay could not store the asset',
    });
  }
}

/** The Content-Length the client announced, or null when it sends the body in chunks. */
function announcedLength(req: IncomingMessage): number | null {
  const header = req.headers['content-length'];
  // Node's parser has refused a malformed or doubled Content-Length already.
  return header === undefined ? null : Number(header);
}

function quotaExceeded(left: number, size: number): AssetError {
  return new AssetError(
    'ASSET_QUOTA_EXCEEDED',
    `the room has ${formatBytes(Math.max(0, left))} of its asset quota left, and this asset is ${formatBytes(size)}`,
  );
}
