/**
 * Adds a file to the campaign: checks it by the relay's rules, hashes it (its SHA-256 is its
 * name), asks the relay whether it has it already, uploads it with progress and retries, keeps a
 * copy in this browser, and lists it in the GM's library. The one way files reach the relay
 * from this app; the library and the map import both go through it.
 */
import { ASSET_TYPES, type AssetTypeName } from '@meshtable/schema';
import type { SyncState } from '@meshtable/sync';
import { AssetError } from './AssetError';
import type { AssetSession } from './AssetSession';
import { keepAsset } from './assetCache';
import { addToLibrary } from './assetIndex';
import {
  type AssetLimits,
  checkAssetFile,
  DEFAULT_ASSET_LIMITS,
  type NamedBlob,
} from './checkAssetFile';
import { sha256Hex } from './hashBytes';
import { type AssetTransport, relayAssetTransport } from './relayTransport';
import { type RetryOptions, throwIfCancelled, UPLOAD_RETRIES, withRetries } from './retry';

/** Where an upload is. */
export type UploadPhase =
  /** Reading the file and checking it. */
  | 'checking'
  /** Asking the relay whether it has the file, or sending it. */
  | 'uploading'
  /** Waiting to try again after a failure that may pass. */
  | 'retrying'
  /** On the relay. */
  | 'done';

/** Progress of one upload. */
export interface UploadProgress {
  readonly phase: UploadPhase;
  /** Bytes sent so far (all of them once the relay had the file). */
  readonly loaded: number;
  readonly total: number;
  /** The try under way, from 1; with `retrying`, the one that comes next. */
  readonly attempt: number;
  /** Why the last try failed, while retrying. */
  readonly retryReason?: string;
}

/** Options of {@link uploadAsset}. */
export interface UploadAssetOptions {
  /** The types this upload takes (the library: LIBRARY_TYPES). */
  readonly accept: readonly AssetTypeName[];
  /** The name the library lists it under; default: the file's name. */
  readonly name?: string;
  /** List it in the GM's library (default true; the map import's walls are not listed). */
  readonly list?: boolean;
  readonly onProgress?: (progress: UploadProgress) => void;
  readonly signal?: AbortSignal;
  /** Size caps to check instead of the relay's (`session.assetRelay.limits`, else the defaults). */
  readonly limits?: AssetLimits;
  /** Replaces the relay's endpoints (unit tests). */
  readonly transport?: AssetTransport;
  /** Replaces the retry schedule (unit tests). */
  readonly retry?: Partial<RetryOptions>;
  /** Replaces the clock of the library's `addedAt` (unit tests). */
  readonly now?: () => number;
  /** How long to wait for the relay to know the room before an upload (ms). */
  readonly roomWaitMs?: number;
}

/** A file on the relay. */
export interface UploadedAsset {
  readonly sha256: string;
  readonly type: AssetTypeName;
  readonly size: number;
  readonly name: string;
  /** True when the relay had it already, and nothing was sent. */
  readonly alreadyThere: boolean;
}

/**
 * Adds a file to the campaign.
 * @throws AssetError with a message to show: the local checks (`ASSET_TYPE_REFUSED`,
 *   `ASSET_TOO_LARGE`), the relay's refusals (its `ASSET_*` code), `ASSET_NETWORK_FAILED` after
 *   the retries, `ASSET_CANCELLED`, `ASSET_NEEDS_SECURE_CONTEXT`, `ASSET_NOT_GM` (listing)
 * @example
 * ```ts
 * const asset = await uploadAsset(session, file, {
 *   accept: LIBRARY_TYPES,
 *   onProgress: ({ loaded, total }) => bar.value = loaded / total,
 * });
 * updateScene(session, sceneId, { background: asset.sha256 });
 * ```
 */
export async function uploadAsset(
  session: AssetSession,
  file: NamedBlob,
  options: UploadAssetOptions,
): Promise<UploadedAsset> {
  const { signal } = options;
  const total = file.size;
  const report = (progress: Omit<UploadProgress, 'total'>) =>
    options.onProgress?.({ ...progress, total });
  report({ phase: 'checking', loaded: 0, attempt: 1 });
  const limits = options.limits ?? session.assetRelay.limits ?? DEFAULT_ASSET_LIMITS;
  const type = await checkAssetFile(file, options.accept, limits);
  throwIfCancelled(signal);
  // The bytes that are hashed are the bytes that are sent, even if the file changes meanwhile.
  const bytes = new Uint8Array(await file.arrayBuffer());
  const sha256 = await sha256Hex(bytes);
  const body = new Blob([bytes]);
  const transport = options.transport ?? relayAssetTransport(session.assetRelay);
  const name = (options.name ?? file.name).trim().slice(0, 200) || `${type} file`;

  let alreadyThere = false;
  await withRetries(
    async (attempt) => {
      report({ phase: 'uploading', loaded: 0, attempt });
      if (await transport.has(sha256, signal)) {
        alreadyThere = true;
        return;
      }
      await waitForRoom(session, options.roomWaitMs ?? 15_000, signal);
      await transport.put(sha256, body, {
        fileName: file.name,
        onProgress: (loaded) => report({ phase: 'uploading', loaded, attempt }),
        ...(signal === undefined ? {} : { signal }),
      });
    },
    {
      ...UPLOAD_RETRIES,
      ...options.retry,
      ...(signal === undefined ? {} : { signal }),
      onRetry: (error, attempt) =>
        report({ phase: 'retrying', loaded: 0, attempt, retryReason: error.message }),
    },
  );
  report({ phase: 'done', loaded: total, attempt: 1 });

  await keepAsset(session.assetRelay.url, sha256, body, ASSET_TYPES[type].contentType);
  if (options.list !== false) {
    addToLibrary(session, {
      sha256,
      name,
      type,
      size: total,
      addedBy: session.me.userId,
      addedAt: (options.now ?? Date.now)(),
    });
  }
  return { sha256, type, size: total, name, alreadyThere };
}

/**
 * Waits until the relay knows the table's room: an upload never claims a room (docs/relay.md),
 * the table's `/sync` connection does, and a table opened a moment ago may not be connected yet.
 * Without the relay transport, or past the wait, the upload goes ahead and the relay says.
 */
function waitForRoom(
  session: Pick<AssetSession, 'tableSync'>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const ready = (state: SyncState) => state.relay === 'connected' || state.relay === 'off';
  if (ready(session.tableSync.getState())) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const finish = (outcome: () => void) => {
      clearTimeout(timer);
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = () => finish(() => reject(new AssetError('ASSET_CANCELLED', 'Cancelled.')));
    const timer = setTimeout(() => finish(resolve), timeoutMs);
    const unsubscribe = session.tableSync.subscribe((state) => {
      if (ready(state)) finish(resolve);
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
