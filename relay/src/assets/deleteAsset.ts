/**
 * `DELETE /assets/<sha256>`: a room gives an asset up (the GM removed it from the campaign).
 *
 * Authorised like an upload (roomAccess.ts: `X-Meshtable-Room` and the room's token as
 * `Authorization: Bearer`). The room's charge for the asset is taken back, which frees its bytes
 * of the room's quota; the file itself goes only when no other room holds the asset (two rooms
 * that uploaded the same image each hold it), and, in a cluster, no room on another relay does
 * (ClusterAssets). Once the file is gone, a GET answers 404. A room that does not hold the asset
 * gets `ASSET_NOT_FOUND`; the room's other assets are untouched either way.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AssetPeers } from '../cluster/ClusterAssets';
import type { Logger } from '../logger';
import { AssetError } from './AssetError';
import type { AssetLedger } from './AssetLedger';
import type { AssetMetrics } from './AssetMetrics';
import type { AssetStore } from './AssetStore';
import { endRefused, sendAssetAnswer } from './assetResponses';
import type { KeyedQueue } from './KeyedQueue';
import { authorizeRoom, type RoomTokenVerifier } from './roomAccess';

/** What a deletion needs. */
export interface DeleteContext {
  readonly store: AssetStore;
  readonly ledger: AssetLedger;
  readonly verifier: RoomTokenVerifier;
  readonly metrics: AssetMetrics;
  readonly log: Logger;
  readonly quotaBytesPerRoom: number;
  /** Runs a task alone for one asset (shared with uploads). */
  readonly assetLocks: KeyedQueue;
  /** In a cluster: which rooms on the other relays hold the asset (docs/scaling.md). */
  readonly peers?: AssetPeers | null;
}

/** The JSON body of a successful deletion. */
export interface DeleteAnswer {
  sha256: string;
  /** True when the bytes are gone from this relay (no room holds the asset any more). */
  deleted: boolean;
  /** How many other rooms still hold it (on this relay and, in a cluster, on the others). */
  otherRooms: number;
  /** Asset bytes still charged to the room, and its quota. */
  roomBytes: number;
  roomQuotaBytes: number;
}

/** Handles one DELETE; never throws (every failure is answered with its code). */
export async function deleteAsset(
  context: DeleteContext,
  req: IncomingMessage,
  res: ServerResponse,
  sha256: string,
): Promise<void> {
  const { store, ledger, metrics, log } = context;
  let room: string | undefined;
  try {
    room = await authorizeRoom(context.verifier, req, 'deleting');
    const released = await ledger.release(room, sha256).catch((error: unknown) => {
      throw new AssetError('ASSET_STORAGE_FAILED', 'the relay could not delete the asset', error);
    });
    const cluster = context.peers ? await context.peers.release(room, sha256) : null;
    if (released === null && cluster?.roomHeld !== true) {
      throw new AssetError('ASSET_NOT_FOUND', `room ${room} holds no asset ${sha256}`);
    }
    // Alone for this asset: an upload of it to another room places its file under the same lock,
    // after charging that room, so it is either counted here or puts the file back afterwards.
    const { deleted, otherRooms } = await context.assetLocks.run(sha256, async () => {
      const holders = new Set(await ledger.roomsHolding(sha256));
      for (const other of cluster?.otherRooms ?? []) holders.add(other);
      // Without an answer from the cluster, a room on another relay may hold it: the bytes stay.
      if (holders.size > 0 || (context.peers && cluster === null)) {
        return { deleted: false, otherRooms: holders.size };
      }
      const removed = await store.remove(sha256).catch((error: unknown) => {
        throw new AssetError('ASSET_STORAGE_FAILED', 'the relay could not delete the asset', error);
      });
      context.peers?.gone(sha256);
      return { deleted: removed, otherRooms: 0 };
    });
    if (deleted) metrics.filesDeleted++;
    metrics.releases++;
    metrics.releasedBytes += released ?? 0;
    log.info('asset.released', { room, sha256, bytes: released ?? 0, deleted, otherRooms });
    const answer: DeleteAnswer = {
      sha256,
      deleted,
      otherRooms,
      roomBytes: await ledger.usage(room),
      roomQuotaBytes: context.quotaBytesPerRoom,
    };
    sendAssetAnswer(res, 200, answer);
  } catch (error) {
    endRefused(context, req, res, error, {
      room,
      sha256,
      failed: 'the relay could not delete the asset',
    });
  }
}
