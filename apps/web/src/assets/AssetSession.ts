/**
 * What the asset library, the uploads and the map import need of an open campaign: a narrow
 * view of `CampaignSession` (apps/web/src/campaign/CampaignSession.ts), which satisfies it as it
 * is, so that what this folder reads is visible in one place and tests can stand in for it.
 */
import type { SyncState } from '@meshtable/sync';
import type * as Y from 'yjs';
import type { AssetLimits } from './checkAssetFile';

/** Where a table's assets go: the relay, the table's room on it, and the room's token. */
export interface AssetRelay {
  /** The relay's http(s) URL (usually the page's own origin). */
  readonly url: string;
  readonly room: string;
  /** The room's token (packages/sync deriveRelayToken of the table key). */
  readonly token: string;
  /**
   * The relay's size caps, as its `/config` announces them; absent when the campaign's relay is
   * not the one that served the app (its caps are then unknown: the defaults are checked, and
   * the relay has the last word).
   */
  readonly limits?: AssetLimits;
}

/** An open campaign, as the asset code sees it. */
export interface AssetSession {
  readonly campaignId: string;
  readonly me: { readonly userId: string };
  /** The table doc: the shared asset index, and scenes. */
  readonly table: Y.Doc;
  /** The gm doc (the GM's own asset index, hidden scenes), on GM devices only. */
  readonly gm: Y.Doc | null;
  /** The table's sync: uploads wait for the relay to know the room (it is claimed on `/sync`). */
  readonly tableSync: {
    getState(): SyncState;
    subscribe(listener: (state: SyncState) => void): () => void;
  };
  readonly assetRelay: AssetRelay;
  /** Writes the table doc as its one writer; false (nothing written) on any other device. */
  writeAsGm(write: (table: Y.Doc) => void): boolean;
  state(): { readonly role: string; readonly validating: boolean };
  subscribe(listener: () => void): () => void;
}
