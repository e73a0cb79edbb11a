/**
 * The relay's asset endpoints, `PUT`, `GET` and `HEAD /assets/<sha256>`: the files on disk, the
 * per-room ledger, and the routing of a request to the upload or the download.
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
import { downloadAsset } from './downloadAsset';
import { type RoomTokenVerifier, uploadAsset } from './uploadAsset';

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
    const isUpload = req.method === 'PUT';
    if (!isUpload && req.method !== 'GET' && req.method !== 'HEAD') {
      metrics.countRefusal('ASSET_METHOD_NOT_ALLOWED');
      refuseUpload(
        req,
        res,
        new AssetError('ASSET_METHOD_NOT_ALLOWED', 'assets take PUT, GET and HEAD only'),
        { allow: 'GET, HEAD, PUT' },
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
    if (isUpload) {
      await uploadAsset(
        { ...this.options, store: this.store, ledger: this.ledger },
        req,
        res,
        name,
      );
    } else {
      await downloadAsset({ ...this.options, store: this.store }, req, res, name);
    }
  }
}
