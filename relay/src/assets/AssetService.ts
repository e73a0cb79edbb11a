/**
 * The relay's asset endpoints, `PUT`, `GET`, `HEAD` and `DELETE /assets/<sha256>`: the files on
 * disk, the per-room ledger, and the routing of a request to the upload, the download or the
 * deletion.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { AssetPeers } from '../cluster/ClusterAssets';
import type { Logger } from '../logger';
import { AssetError } from './AssetError';
import { AssetLedger } from './AssetLedger';
import type { AssetMetrics } from './AssetMetrics';
import { AssetStore } from './AssetStore';
import { refuseUpload, sendAssetError } from './assetResponses';
import { deleteAsset } from './deleteAsset';
import { downloadAsset } from './downloadAsset';
import { KeyedQueue } from './KeyedQueue';
import type { RoomTokenVerifier } from './roomAccess';
import { uploadAsset } from './uploadAsset';

/** The path prefix of the asset endpoints. */
export const ASSETS_PATH = '/assets/';

const ASSET_NAME = /^[0-9a-f]{64}$/;

/** How the asset endpoints are set up. */
export interface AssetServiceOptions {
  /** The assets folder, `<data>/assets`. */
  readonly root: string;
  /** Checks an upload's room token (the relay's RoomAuthorizer). */
  readonly verifier: RoomTokenVerifier;
  readonly metrics: AssetMetrics;
  readonly log: Logger;
  /** Largest asset, in bytes. */
  readonly maxAssetBytes: number;
  /** Largest JSON asset, in bytes. */
  readonly maxJsonAssetBytes: number;
  /** Asset bytes one room may store. */
  readonly quotaBytesPerRoom: number;
  /** In a cluster: the other relays' assets (docs/scaling.md). */
  readonly peers?: AssetPeers | null;
}

/** Serves the asset endpoints. */
export class AssetService {
  private readonly store: AssetStore;
  private readonly ledger: AssetLedger;
  /** Places and deletions of one asset's file, one at a time. */
  private readonly assetLocks = new KeyedQueue();
  /** Requests under way, which close() lets finish (uploads end when their sockets do). */
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly options: AssetServiceOptions) {
    this.store = new AssetStore(options.root);
    this.ledger = new AssetLedger(join(options.root, 'ledger'));
  }

  /** Prepares the folders (dropping unfinished uploads of a crash) and opens the ledger. */
  async open(): Promise<void> {
    await this.store.open();
    await this.ledger.open();
  }

  /** Waits for the requests under way, then closes the ledger. Call after the server closed. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.running]);
    await this.ledger.close();
  }

  /** Every room and asset charged on this relay (for the cluster's index of who holds what). */
  ledgerEntries(): AsyncIterable<{ room: string; sha256: string }> {
    return this.ledger.entries();
  }

  /**
   * A relay of the cluster deleted an asset that no room held any more: this relay's copy goes
   * too. A room of this relay that the cluster no longer lists gave the asset up through
   * another relay: its charge here is taken back. A room the cluster lists again (an upload
   * since) keeps the asset, and its copy.
   * @param clusterRooms the rooms that hold the asset now, as Redis lists them
   * @returns whether a file was deleted
   */
  dropCopy(sha256: string, clusterRooms: readonly string[]): Promise<boolean> {
    if (!ASSET_NAME.test(sha256)) return Promise.resolve(false);
    return this.assetLocks.run(sha256, async () => {
      let kept = false;
      for (const room of await this.ledger.roomsHolding(sha256)) {
        if (clusterRooms.includes(room)) kept = true;
        else await this.ledger.release(room, sha256);
      }
      if (kept) return false;
      const removed = await this.store.remove(sha256);
      if (removed) this.options.metrics.filesDeleted++;
      return removed;
    });
  }

  /**
   * Answers a request whose path starts with {@link ASSETS_PATH}; never rejects.
   * @param pathname the request's path, still percent-encoded
   */
  handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const running = this.route(req, res, pathname).catch((error: unknown) => {
      // Each handler answers its own failures; this is the last line, for a bug.
      this.options.log.error('asset.failed', { error: String(error) });
      sendAssetError(res, new AssetError('ASSET_STORAGE_FAILED', 'the relay failed'));
    });
    this.running.add(running);
    void running.finally(() => this.running.delete(running));
    return running;
  }

  private async route(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const { metrics } = this.options;
    const name = pathname.slice(ASSETS_PATH.length);
    const method = req.method ?? '';
    if (!['PUT', 'GET', 'HEAD', 'DELETE'].includes(method)) {
      metrics.countRefusal('ASSET_METHOD_NOT_ALLOWED');
      refuseUpload(
        req,
        res,
        new AssetError('ASSET_METHOD_NOT_ALLOWED', 'assets take PUT, GET, HEAD and DELETE only'),
        { allow: 'GET, HEAD, PUT, DELETE' },
      );
      return;
    }
    if (!ASSET_NAME.test(name)) {
      metrics.countRefusal('ASSET_BAD_NAME');
      const message = /^[0-9a-fA-F]{64}$/.test(name)
        ? 'an asset name is its SHA-256 in lowercase hex'
        : 'an asset name is its SHA-256: 64 lowercase hex digits';
      refuseUpload(req, res, new AssetError('ASSET_BAD_NAME', message));
      return;
    }
    const context = {
      ...this.options,
      store: this.store,
      ledger: this.ledger,
      assetLocks: this.assetLocks,
    };
    if (method === 'PUT') {
      await uploadAsset(context, req, res, name);
    } else if (method === 'DELETE') {
      await deleteAsset(context, req, res, name);
    } else {
      await downloadAsset({ ...this.options, store: this.store }, req, res, name);
    }
  }
}
