/**
 * The table's ambient audio: what the GM plays for everyone, in the table doc's `audio` map
 * (apps/web/src/audio). GM-owned: only the validating GM's device writes it (`writeAsGm`), and
 * the audit undoes anyone else's change. A new map: a campaign made before it existed has none,
 * which reads as silence, so it needs no migration.
 *
 * The record does not stream anything: it says which asset plays and from where, and every
 * peer's own player follows it. While playing, the track was at `offset` seconds at the moment
 * `startedAt` (the GM's clock, ms since 1970), so a peer that joins late computes where it is
 * now; paused, it stays at `offset`. A change of state (play, pause, loop, a new track) writes a
 * new anchor, never a running position, so the doc is not written many times a second.
 *
 * The record is stored as plain JSON and written whole, not field by field: a play writes
 * `playing`, `startedAt` and `offset` together, and a peer must never see the new `playing`
 * with the old anchor.
 */
import '../zodWithoutEval';
import { z } from 'zod';
import { MAX_ASSET_NAME_LENGTH } from './assetRecords';
import { sha256HexSchema, timestampSchema } from './fields';

/** The key of the one ambient track's record in the table doc's `audio` map. */
export const AMBIENT_AUDIO_KEY = 'ambient';

/** The longest a position may be, in seconds (a day: no ambient track is longer). */
export const MAX_AUDIO_OFFSET_SECONDS = 86_400;

/** The table's ambient track: `audio.ambient` in the table doc. */
export const audioStateSchema = z.strictObject({
  /** The track: an audio asset's SHA-256 (mp3, ogg or wav), or null for none. */
  track: sha256HexSchema.nullable(),
  /** The track's name in the GM's library, shown to the players as plain text. */
  name: z.string().trim().min(1).max(MAX_ASSET_NAME_LENGTH).nullable(),
  playing: z.boolean(),
  /** Start again from the beginning at the end of the track. */
  loop: z.boolean(),
  /** The table's volume, 0 (silent) to 1 (full); each player may still mute on their own. */
  volume: z.number().min(0).max(1),
  /** When the track was at `offset` (ms since 1970, the GM's clock). */
  startedAt: timestampSchema,
  /** Seconds into the track at `startedAt`. */
  offset: z.number().min(0).max(MAX_AUDIO_OFFSET_SECONDS),
});

export type AudioState = z.infer<typeof audioStateSchema>;
