/**
 * Changes to tokens from the board. A move goes the one way this device may make it:
 * - the validating GM's device writes the token's `x`, `y` directly (`writeAsGm`);
 * - a hidden token (gm doc) is moved there, from any GM device;
 * - everyone else asks: a `token.move` intent, which the GM's validator rules on, and which the
 *   IntentClient shows at once as pending (a ghost) until the receipt.
 * The GM's other changes (place, edit, turn, hide, remove) are direct writes (gmWrites.ts).
 */
import {
  addHiddenToken,
  deleteHidden,
  hideToken as hideTokenRecords,
  type IntentTicket,
  revealToken as revealTokenRecords,
  toYValue,
} from '@meshtable/campaign';
import { GM_MAPS, TABLE_MAPS, type Token, tokenSchema } from '@meshtable/schema';
import type { BoardSession } from '../campaignBoard/boardSession';
import type { Point } from '../grid/gridGeometry';
import { BoardWriteError } from '../records/BoardWriteError';
import { isHiddenRecord, requireGm, requireGmDoc, writeTable } from '../records/gmWrites';
import { checkRecord, newRecordId, patchChanges, patchRecord } from '../records/patchRecord';

/** How a move was made. */
export type MoveOutcome =
  /** Written into the table doc or the gm doc: done. */
  | { readonly kind: 'written' }
  /** Asked for: the receipt decides. */
  | { readonly kind: 'requested'; readonly ticket: IntentTicket };

/**
 * Moves a token's unrotated top-left corner to `to`.
 * @throws BoardWriteError `BOARD_INVALID_RECORD`; IntentError for a request that cannot be made
 */
export function moveToken(session: BoardSession, tokenId: string, to: Point): MoveOutcome {
  const patch = { x: to.x, y: to.y };
  if (session.state().role === 'gm' && isHiddenRecord(session, 'tokens', tokenId)) {
    const gm = requireGmDoc(session);
    gm.transact(() => patchRecord(gm.getMap(GM_MAPS.tokens), tokenId, tokenSchema, patch, 'token'));
    return { kind: 'written' };
  }
  let failure: unknown = null;
  const wrote = session.writeAsGm((table) => {
    try {
      patchRecord(table.getMap(TABLE_MAPS.tokens), tokenId, tokenSchema, patch, 'token');
    } catch (error) {
      failure = error;
    }
  });
  if (failure !== null) throw failure;
  if (wrote) return { kind: 'written' };
  return { kind: 'requested', ticket: session.intents.requestMoveToken(tokenId, to.x, to.y) };
}

/** What the GM chooses when placing a token. */
export type NewToken = Pick<Token, 'sceneId' | 'name'> &
  Partial<Omit<Token, 'id' | 'sceneId' | 'name'>>;

/**
 * Places a new token. On a hidden scene it is hidden with the scene; with `hidden`, it is hidden
 * on its own (it reaches the players only when revealed).
 * @returns the new token's id
 * @throws BoardWriteError `BOARD_NOT_GM`, `BOARD_INVALID_RECORD`, `BOARD_NOT_VALIDATING`
 */
export function createToken(session: BoardSession, fields: NewToken, hidden = false): string {
  requireGm(session);
  const token = checkRecord(
    tokenSchema,
    {
      actorId: null,
      image: null,
      x: 0,
      y: 0,
      size: 1,
      rotation: 0,
      bars: [],
      conditions: [],
      owners: [],
      ...fields,
      id: newRecordId(),
    },
    'token',
  );
  if (hidden || isHiddenRecord(session, 'scenes', token.sceneId)) {
    addHiddenToken(session.table, requireGmDoc(session), token, { onItsOwn: hidden });
  } else {
    writeTable(
      session,
      'place a token on a shared scene',
      (table) => table.getMap(TABLE_MAPS.tokens).set(token.id, toYValue(token as never)),
      () => [{ op: 'set', collection: 'tokens', id: token.id, path: [], value: token as never }],
    );
  }
  return token.id;
}

/**
 * Changes fields of a token (name, size, owners, conditions, bars, image, rotation).
 * @throws BoardWriteError `BOARD_NOT_GM`, `BOARD_NO_SUCH_RECORD`, `BOARD_INVALID_RECORD`,
 *   `BOARD_NOT_VALIDATING`
 */
export function updateToken(
  session: BoardSession,
  tokenId: string,
  patch: Partial<Omit<Token, 'id'>>,
): void {
  requireGm(session);
  if (isHiddenRecord(session, 'tokens', tokenId)) {
    const gm = requireGmDoc(session);
    gm.transact(() => patchRecord(gm.getMap(GM_MAPS.tokens), tokenId, tokenSchema, patch, 'token'));
    return;
  }
  writeTable(
    session,
    'change a token the players see',
    (table) => patchRecord(table.getMap(TABLE_MAPS.tokens), tokenId, tokenSchema, patch, 'token'),
    () => patchChanges('tokens', tokenId, patch),
  );
}

/**
 * Hides a token from the players (into the gm doc) or reveals it. On a GM device that does not
 * run the table, the decision goes into the gm doc and the one that does finishes the move.
 * @throws BoardWriteError `BOARD_NOT_GM`; CampaignError `HIDDEN_NO_SUCH_RECORD`
 */
export function setTokenHidden(session: BoardSession, tokenId: string, hidden: boolean): void {
  requireGm(session);
  const gm = requireGmDoc(session);
  const options = { decideOnly: !session.state().validating };
  if (hidden) hideTokenRecords(session.table, gm, tokenId, options);
  else revealTokenRecords(session.table, gm, tokenId, options);
}

/**
 * Removes a token for good.
 * @throws BoardWriteError `BOARD_NOT_GM`, `BOARD_NOT_VALIDATING`
 */
export function deleteToken(session: BoardSession, tokenId: string): void {
  requireGm(session);
  if (isHiddenRecord(session, 'tokens', tokenId)) {
    deleteHidden(session.table, requireGmDoc(session), 'tokens', tokenId);
    return;
  }
  if (!session.table.getMap(TABLE_MAPS.tokens).has(tokenId)) {
    throw new BoardWriteError('BOARD_NO_SUCH_RECORD', `There is no token "${tokenId}".`);
  }
  writeTable(
    session,
    'remove a token the players see',
    (table) => table.getMap(TABLE_MAPS.tokens).delete(tokenId),
    () => [{ op: 'delete', collection: 'tokens', id: tokenId, path: [] }],
  );
}
