/**
 * What the board's tools (measuring, templates, fog, pings and cursors) need of an open campaign
 * and of the board: a narrow view of `CampaignSession` (apps/web/src/campaign/CampaignSession.ts,
 * which satisfies it as it is) and of the scene the board shows.
 */
import type { Scene, Token } from '@meshtable/schema';
import type * as Y from 'yjs';
import type { TableWriter } from '../records/gmWrites';
import type { PresenceAwareness } from './BoardPresence';

/**
 * An open campaign, as the board's tools see it. GM writes (fog, kept templates) go through
 * records/gmWrites.ts: `writeAsGm` on the validating GM's device, a `gm.edit` intent from a GM's
 * other device (`gm` for the scenes it may hide, `intents`, `state`).
 */
export interface BoardToolsSession extends TableWriter {
  readonly campaignId: string;
  /** Who is looking. */
  readonly me: { readonly userId: string };
  /** The table doc: members (names, colours, GM keys), fog and kept templates. */
  readonly table: Y.Doc;
  /** The table doc's sync: its awareness carries cursors, rulers, templates and pings. */
  readonly tableSync: { readonly awareness: PresenceAwareness };
  /** The game system's rules host: its manifest's `grid.diagonals` rules the ruler. */
  readonly rules: unknown;
}

/** What the board shows, as the tools need it. */
export interface BoardToolsView {
  /** The scene on the board, or null when there is none. */
  readonly scene: Scene | null;
  /** Its tokens as this viewer sees them (a player's board has no hidden ones). */
  readonly tokens: readonly Token[];
  /** Whether the viewer is a GM (GMs edit fog, keep templates, see through fog). */
  readonly isGm: boolean;
}

/** A view of no scene. */
export const NO_VIEW: BoardToolsView = { scene: null, tokens: [], isGm: false };
