/**
 * What the app knows of one open campaign on this device: its two docs and their sync, who I am
 * and what I am at this table, my intents, and — on a GM's device — the validator's work. The
 * board and the panels read everything through this interface and never open docs or sync
 * sessions of their own, so the campaign engine (packages/campaign) is wired up in one place
 * (openCampaignSession.ts).
 */
import type { Identity, IntentClient, RulesHost } from '@meshtable/campaign';
import type { RelayAssetLimits } from '@meshtable/schema';
import type { SyncSession } from '@meshtable/sync';
import type * as Y from 'yjs';

/** What I am at this table, as the table doc says (and changes while it is open). */
export type TableRole =
  /** A GM of the campaign (in `meta.gms`, trusted through the invite or a grant). */
  | 'gm'
  /** An admitted player. */
  | 'player'
  /** Asked to join; waiting for a GM to admit me. */
  | 'pending'
  /** Removed from the table by a GM (the room has since moved on: this device cannot follow). */
  | 'kicked'
  /** Not (yet) a member: the join request has not reached a GM, or was never sent. */
  | 'none';

/** What the session is doing right now, for the UI. */
export interface CampaignSessionState {
  readonly role: TableRole;
  /** Whether this device is the one validating GM peer (the leadership election's winner). */
  readonly validating: boolean;
  /** The campaign's name, from `meta.campaign.name`, or null before meta has arrived. */
  readonly name: string | null;
  /** The game system's id and version from meta, and whether its rules are loaded here. */
  readonly system: {
    readonly id: string;
    readonly version: string;
    readonly loaded: boolean;
  } | null;
  /** Problems worth showing (a module that failed to load, a receipt that did not verify). */
  readonly problems: readonly string[];
  /**
   * Set when the table moved to a new key and room (a kick) and this device follows it: the
   * campaign stored on this device already names the new room. This session stays on the old
   * room; close it and open the campaign again (useCampaignSession does).
   */
  readonly moved: { readonly epoch: number } | null;
}

/** One open campaign. Closed with {@link CampaignSession.close}; unusable afterwards. */
export interface CampaignSession {
  readonly campaignId: string;
  /** My identity on this device (from its IndexedDB store). */
  readonly me: Identity;
  /** The table doc: everything every member may see (DESIGN.md §2). */
  readonly table: Y.Doc;
  /** The gm doc (hidden scenes and tokens, notes, the dice chain): on GM devices only. */
  readonly gm: Y.Doc | null;
  /** The table doc's sync (WebRTC, relay, IndexedDB); its `awareness` carries cursors and pings. */
  readonly tableSync: SyncSession;
  /** The gm doc's sync, on GM devices only. */
  readonly gmSync: SyncSession | null;
  /** My signed requests: moves, rolls, sheet edits, chat commands; with optimistic previews. */
  readonly intents: IntentClient;
  /** The campaign's game system, loaded in the browser sandbox; null until loaded or if none. */
  readonly rules: RulesHost | null;
  /** The invite link for this table (with `gm=`), for GMs to share; null on players' devices. */
  readonly inviteLink: string | null;
  /**
   * Where this table's assets go (docs/relay.md "Assets"): the relay's http(s) URL, the table's
   * room on it, and the room's token (deriveRelayToken of the table key) that uploads present.
   * Read by apps/web/src/assets.
   */
  readonly assetRelay: {
    readonly url: string;
    readonly room: string;
    readonly token: string;
    /** The relay's asset caps, when its `/config` announced them (apps/web/src/assets). */
    readonly limits?: RelayAssetLimits;
  };
  /**
   * Runs `write` in one transaction of the table doc as this device's validator, when this
   * device is the validating GM peer (the one writer of GM-owned records, audit/TableAudit.ts):
   * a GM's direct edit (a token dragged, a scene renamed). Returns false, writing nothing, on
   * any other device: a GM's other device then sends an intent instead.
   */
  writeAsGm(write: (table: Y.Doc) => void): boolean;
  /**
   * Kicks a member (packages/campaign kickMember), on the validating GM's device only: the
   * member is marked kicked and the table moves on to a new key in a new room, which this
   * device keeps the carried-over table of. The state then says `moved`.
   * @throws KickError with its code (`KICK_NOT_ALLOWED`, …), or Error when this device is not
   *   the validating one
   */
  kick(userId: string): Promise<void>;
  /** The state now; {@link CampaignSession.subscribe} hears of every change. */
  state(): CampaignSessionState;
  subscribe(listener: () => void): () => void;
  /** Stops the validator, the audit and both syncs, and lets go of the docs. */
  close(): Promise<void>;
}
