/**
 * `DELETE /assets/<sha256>` as the browser speaks it (docs/relay.md "Deletion"): the table's room
 * gives an asset up, with the room's token, which frees the room's quota on the relay; the relay
 * deletes the bytes once no room holds them.
 */
import { AssetError, type AssetRelay, assetUrl } from '../../assets';

/** How the relay took a removal. */
export interface RelayRemoval {
  /** True when the relay deleted the bytes (no room holds the asset any more). */
  readonly deleted: boolean;
  /** Rooms that still hold it (the same image in another campaign, say). */
  readonly otherRooms: number;
  /** False when the room held no such asset on the relay (never uploaded, or removed already). */
  readonly held: boolean;
}

/** Gives the table's room's claim on an asset up. A stand-in replaces it in unit tests. */
export type RemoveFromRelay = (relay: AssetRelay, sha256: string) => Promise<RelayRemoval>;

/**
 * Asks the relay to drop the room's claim on the asset.
 * @throws AssetError `ASSET_NETWORK_FAILED` (retryable), the relay's code (`ASSET_UNAUTHORIZED`,
 *   `ASSET_STORAGE_FAILED`) with a message to show, `ASSET_BAD_RESPONSE`
 */
export const removeFromRelay: RemoveFromRelay = async (relay, sha256) => {
  let response: Response;
  try {
    response = await fetch(assetUrl(relay.url, sha256), {
      method: 'DELETE',
      cache: 'no-store',
      headers: { 'X-Meshtable-Room': relay.room, Authorization: `Bearer ${relay.token}` },
    });
  } catch {
    throw new AssetError(
      'ASSET_NETWORK_FAILED',
      'The relay could not be reached, so the file is still there. Check the connection and try again.',
      true,
    );
  }
  const body = (await response.json().catch(() => null)) as {
    deleted?: unknown;
    otherRooms?: unknown;
    error?: { code?: unknown };
  } | null;
  if (response.status === 200 && typeof body?.deleted === 'boolean') {
    return { deleted: body.deleted, otherRooms: Number(body.otherRooms) || 0, held: true };
  }
  const code = body?.error?.code;
  if (response.status === 404 && code === 'ASSET_NOT_FOUND') {
    return { deleted: false, otherRooms: 0, held: false };
  }
  if (code === 'ASSET_UNAUTHORIZED') {
    throw new AssetError(
      'ASSET_UNAUTHORIZED',
      'The relay does not know this table yet, so it kept the file. Wait until the status shows the relay connected, then try again.',
    );
  }
  if (code === 'ASSET_STORAGE_FAILED') {
    throw new AssetError(
      'ASSET_STORAGE_FAILED',
      'The relay could not delete the file (a disk problem). Try again later, or tell the relay’s operator.',
      true,
    );
  }
  throw new AssetError(
    'ASSET_BAD_RESPONSE',
    `The relay answered ${response.status} when asked to delete a file; it may be older than this app.`,
    response.status >= 500,
  );
};
