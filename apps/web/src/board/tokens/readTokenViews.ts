/**
 * The tokens of one scene as this viewer sees them: the table doc's tokens with the viewer's
 * pending moves laid over them (IntentClient), which of them wait for a receipt, why the last
 * move of each was refused, the GM's hidden tokens from the gm doc, their bars, and whose turn
 * it is in a running encounter.
 */
import {
  fromYValue,
  INTENT_KINDS,
  listHiddenTokens,
  tokenMovePayloadSchema,
} from '@meshtable/campaign';
import { type Actor, actorSchema, TABLE_MAPS, type Token } from '@meshtable/schema';
import type * as Y from 'yjs';
import type { BoardIntents } from '../campaignBoard/boardSession';
import { tokenBars } from './tokenBars';
import type { TokenView } from './tokenShape';
import { readTurnTokenIds } from './turnTokens';

/** Where the tokens come from. */
export interface TokenSources {
  readonly table: Y.Doc;
  /** The gm doc, on GM devices: its hidden tokens are shown (to GMs only). */
  readonly gm: Y.Doc | null;
  readonly intents: Pick<BoardIntents, 'optimisticTokens' | 'pending' | 'rejections'>;
  /** What the module's `derive` gave for an actor, if it has run (see derivedStats.ts). */
  readonly derived: (actor: Actor) => unknown;
}

/** The ids of the tokens this viewer's pending `token.move` intents name. */
export function pendingMoveTokenIds(intents: Pick<BoardIntents, 'pending'>): Set<string> {
  const ids = new Set<string>();
  for (const { intent } of intents.pending()) {
    if (intent.kind !== INTENT_KINDS.tokenMove) continue;
    const move = tokenMovePayloadSchema.safeParse(intent.payload);
    if (move.success) ids.add(move.data.tokenId);
  }
  return ids;
}

/** The table doc's actor with this id, checked; undefined when absent or malformed. */
export function readActor(table: Y.Doc, actorId: string): Actor | undefined {
  const checked = actorSchema.safeParse(fromYValue(table.getMap(TABLE_MAPS.actors).get(actorId)));
  return checked.success && checked.data.id === actorId ? checked.data : undefined;
}

/**
 * The tokens on `sceneId`, shown ones first by the table doc, then hidden ones (GM only).
 * A token in both docs (a move between them cut short) counts as shown.
 */
export function readTokenViews(sources: TokenSources, sceneId: string): TokenView[] {
  const shown = [...sources.intents.optimisticTokens().values()].filter(
    (token) => token.sceneId === sceneId,
  );
  const shownIds = new Set(shown.map((token) => token.id));
  const hidden =
    sources.gm === null
      ? []
      : listHiddenTokens(sources.gm, sceneId).filter((token) => !shownIds.has(token.id));
  const pending = pendingMoveTokenIds(sources.intents);
  const rejections = sources.intents.rejections();
  const turns = readTurnTokenIds(sources.table);
  const actors = new Map<string, Actor | undefined>();
  const view = (token: Token, isHidden: boolean): TokenView => {
    let actor: Actor | undefined;
    if (token.actorId !== null) {
      if (!actors.has(token.actorId))
        actors.set(token.actorId, readActor(sources.table, token.actorId));
      actor = actors.get(token.actorId);
    }
    return {
      token,
      hidden: isHidden,
      pending: !isHidden && pending.has(token.id),
      rejection: isHidden ? null : (rejections.get(token.id)?.reason ?? null),
      bars: tokenBars(token, actor, actor === undefined ? undefined : sources.derived(actor)),
      turn: turns.has(token.id),
    };
  };
  return [...shown.map((token) => view(token, false)), ...hidden.map((token) => view(token, true))];
}
