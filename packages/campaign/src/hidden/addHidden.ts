/**
 * Records made hidden from the start: a GM preparing an encounter writes the scene and its
 * tokens into the gm doc only, so they reach players for the first time when revealed. One gm
 * transaction each (the record and its reason together), so there is nothing to finish after a
 * crash.
 */
import {
  type RecordMapName,
  type Scene,
  sceneSchema,
  TABLE_MAPS,
  type Token,
  tokenSchema,
} from '@meshtable/schema';
import type * as Y from 'yjs';
import type { z } from 'zod';
import { toYValue } from '../doc/yRecords';
import { CampaignError } from '../lifecycle/CampaignError';
import { HiddenPlacement } from './hiddenPlacement';
import { HIDDEN_ORIGIN, type HiddenCollection, HideReasons } from './hideReasons';
import { clock, type HiddenMoveOptions } from './movePlan';
import { type HiddenStatus, hiddenStatus } from './readHidden';

/** Options of {@link addHiddenToken}. */
export interface AddHiddenTokenOptions extends HiddenMoveOptions {
  /**
   * Keep the token hidden when its scene is revealed. By default a token added to a hidden
   * scene is hidden along with it, and comes out with it; a token added to a shown scene is
   * always hidden on its own.
   */
  readonly onItsOwn?: boolean;
}

/**
 * Adds a token to the gm doc only, hidden from the start.
 * @param token checked against the token schema
 * @returns its status: `own`, or `withScene` for a token added to a hidden scene
 * @throws CampaignError `HIDDEN_INVALID_RECORD` naming each field that is wrong;
 *   `HIDDEN_RECORD_EXISTS` when either doc has a token with its id
 * @example
 * ```ts
 * addHiddenScene(table, gm, crypt);
 * for (const ghoul of ghouls) addHiddenToken(table, gm, ghoul); // revealed with the crypt
 * addHiddenToken(table, gm, lurker, { onItsOwn: true }); // stays hidden until revealed itself
 * ```
 */
export function addHiddenToken(
  table: Y.Doc,
  gm: Y.Doc,
  token: Token,
  options: AddHiddenTokenOptions = {},
): HiddenStatus {
  const record = checkedNew(table, gm, 'tokens', tokenSchema, token);
  const at = clock(options);
  const reasons = HideReasons.read(gm);
  const sceneHidden = new HiddenPlacement(table, gm, reasons).sceneHidden(record.sceneId);
  if (options.onItsOwn !== true && sceneHidden) reasons.setWithScene(record.id, record.sceneId);
  else reasons.setOwn({ collection: 'tokens', id: record.id }, at);
  write(gm, 'tokens', record, reasons);
  return hiddenStatus(gm, 'tokens', record.id);
}

/**
 * Adds a scene to the gm doc only, hidden from the start (on its own: revealScene shows it).
 * @param scene checked against the scene schema
 * @throws CampaignError `HIDDEN_INVALID_RECORD` naming each field that is wrong;
 *   `HIDDEN_RECORD_EXISTS` when either doc has a scene with its id
 */
export function addHiddenScene(
  table: Y.Doc,
  gm: Y.Doc,
  scene: Scene,
  options: HiddenMoveOptions = {},
): HiddenStatus {
  const record = checkedNew(table, gm, 'scenes', sceneSchema, scene);
  const reasons = HideReasons.read(gm);
  reasons.setOwn({ collection: 'scenes', id: record.id }, clock(options));
  write(gm, 'scenes', record, reasons);
  return hiddenStatus(gm, 'scenes', record.id);
}

function write(
  gm: Y.Doc,
  collection: HiddenCollection,
  record: Token | Scene,
  reasons: HideReasons,
): void {
  gm.transact(() => {
    reasons.writeTo(gm);
    gm.getMap<unknown>(collection).set(record.id, toYValue(record));
  }, HIDDEN_ORIGIN);
}

function checkedNew<T extends { id: string }>(
  table: Y.Doc,
  gm: Y.Doc,
  collection: HiddenCollection & RecordMapName,
  schema: z.ZodType<T>,
  value: unknown,
): T {
  const what = collection === TABLE_MAPS.scenes ? 'scene' : 'token';
  const checked = schema.safeParse(value);
  if (!checked.success) {
    const problems = checked.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || '(record)'}: ${issue.message}`,
    );
    throw new CampaignError(
      'HIDDEN_INVALID_RECORD',
      `Cannot add the hidden ${what}: ${problems.join('; ')}.`,
    );
  }
  const { id } = checked.data;
  if (table.getMap(collection).has(id) || gm.getMap(collection).has(id)) {
    throw new CampaignError(
      'HIDDEN_RECORD_EXISTS',
      `Cannot add the hidden ${what}: there is a ${what} "${id}" already.`,
    );
  }
  return checked.data;
}
