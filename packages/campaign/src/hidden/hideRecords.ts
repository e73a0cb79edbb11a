/**
 * Hiding a token or a scene (DESIGN.md §2): the record moves from the table doc into the gm doc,
 * so that players stop receiving it; a scene takes every token on it along. The moves write the
 * table doc, whose GM-owned parts have one writer, the validating GM's peer (the audit undoes
 * anyone else's writes there): run them there, or with `decideOnly` on another GM device, whose
 * decision the validating peer's watchHidden carries out. moveSteps.ts explains the order of the
 * writes and why a move cut short anywhere is safe.
 *
 * A hidden token's actor stays in the table doc: players may own actors and edit their sheets,
 * and the validator and the module rules read actors from the table doc, so moving one away
 * would break both. Only the token is hidden. An actor whose sheet itself gives a secret away (a
 * monster kept for later) is best created when its token is revealed.
 */
import type * as Y from 'yjs';
import type { HiddenPlacement } from './hiddenPlacement';
import type { HiddenRef } from './hideReasons';
import { type HiddenMoveOptions, type HiddenMovePlan, planMove, run } from './movePlan';
import { type HiddenStatus, hiddenStatus } from './readHidden';
import { tokensOfScene } from './sceneTokens';

/** What hiding a scene did. */
export interface SceneHidden {
  readonly scene: HiddenStatus;
  /** The tokens on the scene, now hidden with it (or on their own already), by id. */
  readonly tokens: readonly string[];
}

/**
 * Hides a token: moves it from the table doc into the gm doc and records that the GM hid it on
 * its own, so it stays hidden when its scene is revealed. Hiding a hidden token again only
 * records that reason.
 * @returns the token's status afterwards
 * @throws CampaignError `HIDDEN_NO_SUCH_RECORD` when neither doc has the token
 * @example
 * ```ts
 * hideToken(table, gm, 'lich'); // gone from every player's board
 * ```
 */
export function hideToken(
  table: Y.Doc,
  gm: Y.Doc,
  tokenId: string,
  options: HiddenMoveOptions = {},
): HiddenStatus {
  return run(planHideToken(table, gm, tokenId, options));
}

/** The steps of {@link hideToken}, for tests that stop a move part way. */
export function planHideToken(
  table: Y.Doc,
  gm: Y.Doc,
  tokenId: string,
  options: HiddenMoveOptions = {},
): HiddenMovePlan<HiddenStatus> {
  const ref: HiddenRef = { collection: 'tokens', id: tokenId };
  return planMove(table, gm, ref, options, (at) => ({
    refs: [ref],
    decide: (placement) => hide(placement, ref, at),
    result: () => hiddenStatus(gm, 'tokens', tokenId),
  }));
}

/**
 * Hides a scene and every token on it (by their `sceneId`, in either doc): the scene and those
 * tokens move into the gm doc in one table transaction, so no player ever sees the tokens
 * without their scene. Tokens are hidden along with the scene and come back with it; those the
 * GM had hidden on their own stay hidden then.
 * @throws CampaignError `HIDDEN_NO_SUCH_RECORD` when neither doc has the scene
 */
export function hideScene(
  table: Y.Doc,
  gm: Y.Doc,
  sceneId: string,
  options: HiddenMoveOptions = {},
): SceneHidden {
  return run(planHideScene(table, gm, sceneId, options));
}

/** The steps of {@link hideScene}, for tests that stop a move part way. */
export function planHideScene(
  table: Y.Doc,
  gm: Y.Doc,
  sceneId: string,
  options: HiddenMoveOptions = {},
): HiddenMovePlan<SceneHidden> {
  const ref: HiddenRef = { collection: 'scenes', id: sceneId };
  return planMove(table, gm, ref, options, (at) => {
    const tokens = tokensOfScene(table, gm, sceneId);
    return {
      refs: [ref, ...tokens],
      // The decision is the scene's reason alone: a token on a hidden scene is hidden by that
      // rule, and step 1 records the scene as the reason of each token that had none of its own.
      decide: (placement) => hide(placement, ref, at),
      result: () => ({
        scene: hiddenStatus(gm, 'scenes', sceneId),
        tokens: tokens.map((token) => token.id),
      }),
    };
  });
}

/** A hide's decision: the record's own reason; a reveal of it under way is called off. */
function hide(placement: HiddenPlacement, ref: HiddenRef, at: number): void {
  placement.reasons.setOwn(ref, at);
  placement.reasons.clearRevealing(ref);
}
