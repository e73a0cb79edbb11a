/**
 * Hears of every change that can change what the board shows: the table doc's scenes, tokens,
 * actors (bars), members (owners' colours), meta (the active scene) and combat (whose turn it
 * is); the gm doc's hidden
 * records and their bookkeeping; the viewer's pending intents and refusals; and the session's
 * state (role, validating, rules loaded).
 */
import { GM_MAPS, TABLE_MAPS } from '@meshtable/schema';
import type * as Y from 'yjs';
import type { BoardSession } from './boardSession';

const TABLE_WATCHED = [
  TABLE_MAPS.scenes,
  TABLE_MAPS.tokens,
  TABLE_MAPS.actors,
  TABLE_MAPS.members,
  TABLE_MAPS.meta,
  TABLE_MAPS.combat,
] as const;

const GM_WATCHED = [
  GM_MAPS.scenes,
  GM_MAPS.tokens,
  GM_MAPS.hiddenOwn,
  GM_MAPS.hiddenWithScene,
  GM_MAPS.revealing,
] as const;

/**
 * Calls `onChange` after each such change (several per transaction, at times: callers batch).
 * @returns a function that stops watching
 */
export function watchBoardRecords(session: BoardSession, onChange: () => void): () => void {
  const maps: Y.Map<unknown>[] = [
    ...TABLE_WATCHED.map((name) => session.table.getMap<unknown>(name)),
    ...(session.gm === null ? [] : GM_WATCHED.map((name) => session.gm?.getMap<unknown>(name))),
  ].filter((map): map is Y.Map<unknown> => map !== undefined);
  const handler = () => onChange();
  for (const map of maps) map.observeDeep(handler);
  const stopIntents = session.intents.subscribe(handler);
  const stopSession = session.subscribe(handler);
  return () => {
    for (const map of maps) map.unobserveDeep(handler);
    stopIntents();
    stopSession();
  };
}
