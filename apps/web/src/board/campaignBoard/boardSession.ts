/**
 * What the campaign board needs of an open campaign: a narrow view of `CampaignSession`
 * (apps/web/src/campaign/CampaignSession.ts), which satisfies it as it is. The board asks for no
 * more than this, so it can be driven in tests by a stand-in, and so that what it reads is
 * visible in one place.
 */
import type { IntentClient, RulesHost } from '@meshtable/campaign';
import type * as Y from 'yjs';
import type { PresenceAwareness } from '../presence/BoardPresence';

/** The role and validator state the board acts on. */
export interface BoardSessionState {
  /** What I am at this table: only `gm` may edit scenes and place tokens. */
  readonly role: 'gm' | 'player' | 'pending' | 'kicked' | 'none';
  /** Whether this device is the validating GM peer: the one that writes GM-owned records. */
  readonly validating: boolean;
}

/**
 * The part of IntentClient the board uses: token moves and their optimistic previews, and
 * `request` for annotations (board/drawings).
 */
export type BoardIntents = Pick<
  IntentClient,
  | 'request'
  | 'requestMoveToken'
  | 'optimisticTokens'
  | 'pending'
  | 'rejections'
  | 'dismissRejection'
  | 'subscribe'
>;

/** The part of the rules host the board uses: `derive`, for tokens' bars. */
export type BoardRules = Pick<RulesHost, 'hooks' | 'call'>;

/** An open campaign, as the board sees it. */
export interface BoardSession {
  readonly campaignId: string;
  /** Who is looking (owners are matched against `me.userId`). */
  readonly me: { readonly userId: string };
  /** The table doc: scenes, tokens, actors, members, meta. */
  readonly table: Y.Doc;
  /** The gm doc (hidden scenes and tokens), on GM devices only. */
  readonly gm: Y.Doc | null;
  /**
   * The table doc's sync, whose awareness carries cursors, rulers, templates and pings
   * (board/presence, mounted by CampaignBoard). Optional: without it the board has no live
   * presence (a stand-in session in tests).
   */
  readonly tableSync?: { readonly awareness: PresenceAwareness };
  readonly intents: BoardIntents;
  /** The game system, for `derive`; null until loaded or when there is none. */
  readonly rules: BoardRules | null;
  /**
   * Runs `write` in one table transaction when this device is the validating GM peer, and
   * returns true; otherwise writes nothing and returns false.
   */
  writeAsGm(write: (table: Y.Doc) => void): boolean;
  state(): BoardSessionState;
  subscribe(listener: () => void): () => void;
}
