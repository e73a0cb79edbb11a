/**
 * Revealing a token or a scene: the record moves from the gm doc into the table doc, checked
 * against its schema first. Like hiding, it runs on the validating GM's peer (hideRecords.ts),
 * and moveSteps.ts explains the order of the writes.
 */
import type * as Y from 'yjs';
import type { HiddenPlacement } from './hiddenPlacement';
import type { HiddenRef } from './hideReasons';
import { type HiddenMoveOptions, type HiddenMovePlan, planMove, run } from './movePlan';
import { checkReveal, type Decision, type MoveReport } from './moveSteps';
import { type HiddenStatus, hiddenStatus } from './readHidden';
import { tokensOfScene } from './sceneTokens';

/** What revealing a scene did. */
export interface SceneRevealed {
  readonly scene: HiddenStatus;
  /** Tokens of the scene that are shown now, by id. */
  readonly revealed: readonly string[];
  /** Tokens of the scene that stay hidden, on their own, by id. */
  readonly stillHidden: readonly string[];
}

/**
 * Reveals a token: it moves into the table doc, checked against the token schema first. A token
 * on a hidden scene cannot be shown before its scene: it stays hidden, now along with its scene
 * (`withScene` in the result), and comes out when the scene is revealed. Revealing a shown token
 * changes nothing.
 * @returns the token's status afterwards (`hidden: false` once players can see it)
 * @throws CampaignError `HIDDEN_NO_SUCH_RECORD` when neither doc has the token;
 *   `HIDDEN_INVALID_RECORD` when its gm copy breaks the schema (nothing is moved)
 * @example
 * ```ts
 * const status = revealToken(table, gm, 'lich');
 * if (status.hidden) toast('The lich appears when its scene is revealed.');
 * ```
 */
export function revealToken(
  table: Y.Doc,
  gm: Y.Doc,
  tokenId: string,
  options: HiddenMoveOptions = {},
): HiddenStatus {
  return run(planRevealToken(table, gm, tokenId, options));
}

/** The steps of {@link revealToken}, for tests that stop a move part way. */
export function planRevealToken(
  table: Y.Doc,
  gm: Y.Doc,
  tokenId: string,
  options: HiddenMoveOptions = {},
): HiddenMovePlan<HiddenStatus> {
  const ref: HiddenRef = { collection: 'tokens', id: tokenId };
  return planMove(table, gm, ref, options, (at) => {
    const decide: Decision = (placement) => {
      placement.reasons.clearWithScene(tokenId);
      reveal(placement, ref, at);
    };
    checkReveal(table, gm, [ref], decide);
    return { refs: [ref], decide, result: () => hiddenStatus(gm, 'tokens', tokenId) };
  });
}

/**
 * Reveals a scene and the tokens hidden along with it, in one table transaction (players see
 * the scene and its tokens arrive together). Tokens the GM hid on their own stay hidden. Every
 * record to reveal is checked against its schema first, and one that fails stops the whole
 * reveal before anything is written.
 * @throws CampaignError `HIDDEN_NO_SUCH_RECORD` when neither doc has the scene;
 *   `HIDDEN_INVALID_RECORD` naming each malformed record (nothing is moved)
 */
export function revealScene(
  table: Y.Doc,
  gm: Y.Doc,
  sceneId: string,
  options: HiddenMoveOptions = {},
): SceneRevealed {
  return run(planRevealScene(table, gm, sceneId, options));
}

/** The steps of {@link revealScene}, for tests that stop a move part way. */
export function planRevealScene(
  table: Y.Doc,
  gm: Y.Doc,
  sceneId: string,
  options: HiddenMoveOptions = {},
): HiddenMovePlan<SceneRevealed> {
  const ref: HiddenRef = { collection: 'scenes', id: sceneId };
  return planMove(table, gm, ref, options, (at) => {
    const tokens = tokensOfScene(table, gm, sceneId);
    const decide: Decision = (placement) => {
      reveal(placement, ref, at);
      for (const token of tokens) {
        if (placement.reasons.hiddenWithScene(token.id) !== sceneId) continue;
        placement.reasons.clearWithScene(token.id);
        // Hidden on its own as well: it stays so.
        if (!placement.reasons.hiddenOnItsOwn(token)) reveal(placement, token, at);
      }
    };
    const refs = [ref, ...tokens];
    checkReveal(table, gm, refs, decide);
    const result = (report: MoveReport): SceneRevealed => {
      const revealed: string[] = [];
      const stillHidden: string[] = [];
      for (const token of tokens) {
        if (!table.getMap(token.collection).has(token.id)) stillHidden.push(token.id);
        else if (report.moved.some((move) => move.id === token.id && move.to === 'table'))
          revealed.push(token.id);
      }
      return { scene: hiddenStatus(gm, 'scenes', sceneId), revealed, stillHidden };
    };
    return { refs, decide, result };
  });
}

/**
 * A reveal's decision: the record's own reason goes, and the reveal is marked under way (only
 * for a record the gm doc holds: a shown record has nothing to move).
 */
function reveal(placement: HiddenPlacement, ref: HiddenRef, at: number): void {
  placement.reasons.clearOwn(ref);
  if (placement.has('gm', ref)) placement.reasons.setRevealing(ref, at);
}
