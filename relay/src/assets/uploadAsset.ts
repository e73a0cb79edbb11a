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
import { isValidRoomName } from '@meshtable/schema/relay';
import type { AssetPeers } from '../cluster/ClusterAssets';
import type { Logger } from '../logger';
import { AssetError } from './AssetError';
import type { AssetLedger } from './AssetLedger';
import type { AssetMetrics } from './AssetMetrics';
import type { AssetStore, AssetWriter } from './AssetStore';
import { ASSET_SECURITY_HEADERS, refuseUpload } from './assetResponses';
import { ASSET_TYPES } from './assetTypes';
import { formatBytes, receiveUpload } from './receiveUpload';

/** Header naming the room an upload is for. */
export const ASSET_ROOM_HEADER = 'x-meshtable-room';

/** Why a room's token was not accepted, as the authorizer reports it. */
export type RoomTokenFailure = 'missing-token' | 'invalid-token' | 'wrong-token' | 'unclaimed-room';

/** Checks a room's token without claiming the room. */
export interface RoomTokenVerifier {
  verify(room: string, token: string): Promise<RoomTokenFailure | null>;
}

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

const UNAUTHORIZED_HEADERS = { 'www-authenticate': 'Bearer realm="meshtable"' };

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
    room = await authorize(context, req);
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
        placed.stored = await placing.commit(sha256);
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
    const body = JSON.stringify(answer);
    res.writeHead(stored ? 201 : 200, {
      ...ASSET_SECURITY_HEADERS,
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
      ...(stored ? { location: `/assets/${sha256}` } : {}),
    });
    res.end(body);
  } catch (error) {
    await writer?.discard().catch((cause: unknown) => {
      log.error('asset.discard_failed', { sha256, error: String(cause) });
    });
    const refusal =
      error instanceof AssetError
        ? error
        : new AssetError('ASSET_STORAGE_FAILED', 'the relay could not store the asset', error);
    metrics.countRefusal(refusal.code);
    const fields = { room, sha256, code: refusal.code, reason: refusal.message };
    if (refusal.code === 'ASSET_STORAGE_FAILED') {
      log.error('asset.failed', { ...fields, error: String(refusal.cause) });
    } else {
      log.info('asset.refused', fields);
    }
    // A client that went away has nobody left to answer.
    if (refusal.code === 'ASSET_UPLOAD_ABORTED') return;
    refuseUpload(
      req,
      res,
      refusal,
      refusal.code === 'ASSET_UNAUTHORIZED' ? UNAUTHORIZED_HEADERS : {},
    );
  }
}

/** The room an upload is for, once its token is checked. */
async function authorize(context: UploadContext, req: IncomingMessage): Promise<string> {
  const room = req.headers[ASSET_ROOM_HEADER];
  if (typeof room !== 'string' || room === '') {
    throw new AssetError(
      'ASSET_UNAUTHORIZED',
      'name the room in the X-Meshtable-Room header and give its token as Authorization: Bearer <token>',
    );
  }
  if (!isValidRoomName(room)) {
    throw new AssetError(
      'ASSET_UNAUTHORIZED',
      'X-Meshtable-Room is not a room name (1 to 128 of A-Z a-z 0-9 _ . : -)',
    );
  }
  const token = /^Bearer[ ]+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  if (token === undefined) {
    throw new AssetError(
      'ASSET_UNAUTHORIZED',
      "give the room's token as Authorization: Bearer <token>",
    );
  }
  const failure = await context.verifier.verify(room, token);
  if (failure === 'unclaimed-room') {
    throw new AssetError(
      'ASSET_UNAUTHORIZED',
      `room ${room} is not claimed on this relay: connect to it once (/sync) before uploading`,
    );
  }
  if (failure !== null) {
    throw new AssetError('ASSET_UNAUTHORIZED', `the token does not open room ${room}`);
  }
  return room;
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
