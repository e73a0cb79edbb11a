/**
 * The table's ambient track as a record (packages/schema audioRecords.ts, the table doc's
 * `audio` map): reading it, hearing of its changes, and the GM's controls as pure steps from
 * one record to the next. Each step writes a new anchor (where the track is, and when), so
 * that every player, whenever it joins, computes the same position (audioPosition.ts).
 */
import type { IntentTicket } from '@meshtable/campaign';
import {
  AMBIENT_AUDIO_KEY,
  type AudioState,
  audioStateSchema,
  TABLE_MAPS,
} from '@meshtable/schema';
import * as Y from 'yjs';
import { type TableWriter, writeTableChanges } from '../campaign/tableWrites';
import { trackPosition } from './audioPosition';

/** No track, silence: what a campaign without an `audio` record plays. */
export const SILENCE: AudioState = Object.freeze({
  track: null,
  name: null,
  playing: false,
  loop: false,
  volume: 0.8,
  startedAt: 0,
  offset: 0,
});

/** What {@link readAmbient} found. */
export type AmbientRead =
  | { readonly ok: true; readonly state: AudioState }
  | { readonly ok: false; readonly problem: string };

/**
 * The ambient track as the table doc holds it; silence when there is none. A record that does
 * not fit its schema is reported, and the player stays silent rather than play half of it.
 */
export function readAmbient(table: Y.Doc): AmbientRead {
  const stored = table.getMap<unknown>(TABLE_MAPS.audio).get(AMBIENT_AUDIO_KEY);
  if (stored === undefined) return { ok: true, state: SILENCE };
  const json = stored instanceof Y.AbstractType ? stored.toJSON() : stored;
  const checked = audioStateSchema.safeParse(json);
  if (!checked.success) {
    return {
      ok: false,
      problem: `The table's audio record is not valid (${checked.error.issues.map((issue) => issue.message).join('; ')}): nothing plays.`,
    };
  }
  return { ok: true, state: checked.data };
}

/**
 * Calls `listener` after every change of the `audio` map.
 * @returns a function that stops listening
 */
export function watchAmbient(table: Y.Doc, listener: () => void): () => void {
  const map = table.getMap<unknown>(TABLE_MAPS.audio);
  const observer = () => listener();
  map.observeDeep(observer);
  return () => map.unobserveDeep(observer);
}

/**
 * Plays `state` for the table: stores the ambient track, whole (see audioRecords.ts for why),
 * through the table's one write path (campaign/tableWrites.ts), from any GM device.
 * @returns the `gm.edit` sent from a GM's other device (its receipt says whether the table
 *   took it), or null when this device wrote it
 * @throws TableWriteError `TABLE_INVALID_RECORD` naming the problem, writing and sending
 *   nothing, when the state does not fit its schema; `TABLE_NOT_GM` for anyone but a GM
 */
export function playForTable(session: TableWriter, state: AudioState): IntentTicket | null {
  return writeTableChanges(session, 'control the audio', [
    { op: 'set', collection: 'audio', id: AMBIENT_AUDIO_KEY, path: [], value: { ...state } },
  ]);
}

/** The GM's steps. `now` is ms since 1970; `duration` the track's length when known. */
export const ambientSteps = {
  /** Picks another track: from its start, playing if the last one was. */
  choose(state: AudioState, track: string, name: string, now: number): AudioState {
    return { ...state, track, name, startedAt: now, offset: 0 };
  },
  /** Plays from where it is; a track that played to its end starts again. */
  play(state: AudioState, now: number, duration: number | null): AudioState {
    const at = trackPosition(state, now, duration);
    return { ...state, playing: true, startedAt: now, offset: at.ended ? 0 : at.seconds };
  },
  /** Stops where it is, to go on from there. */
  pause(state: AudioState, now: number, duration: number | null): AudioState {
    const at = trackPosition(state, now, duration);
    return { ...state, playing: false, startedAt: now, offset: at.seconds };
  },
  /** Loops or not, from where it is now (a track already past its end would jump otherwise). */
  setLoop(state: AudioState, loop: boolean, now: number, duration: number | null): AudioState {
    const at = trackPosition(state, now, duration);
    return { ...state, loop, startedAt: now, offset: at.seconds };
  },
  /** The table's volume, 0 to 1. */
  setVolume(state: AudioState, volume: number): AudioState {
    return { ...state, volume: Math.min(1, Math.max(0, volume)) };
  },
  /** Back to the start, paused. */
  stop(state: AudioState, now: number): AudioState {
    return { ...state, playing: false, startedAt: now, offset: 0 };
  },
} as const;
