/**
 * What each member's board shares live through the table sync's awareness (y-protocols, over
 * WebRTC and the relay), never through the doc: a cursor, a ruler being dragged, a template
 * being placed, and recent pings (apps/web/src/board/presence). Transient: it goes when its
 * author clears it or leaves (awareness drops a silent peer's state after 30 s).
 *
 * One awareness field, {@link BOARD_PRESENCE_FIELD}, holds it. Anyone in the room can write
 * awareness, so a remote state is checked against {@link boardPresenceSchema} and one that does
 * not fit is ignored. Newer builds may add fields (the object is not strict); `v` changes only
 * when a field changes meaning.
 */
import '../zodWithoutEval';
import { z } from 'zod';
import { recordIdSchema, userIdSchema } from '../campaign/fields';
import { templateShapeSchema } from '../campaign/templateRecords';

/** The awareness field of the board's presence. */
export const BOARD_PRESENCE_FIELD = 'meshtableBoard';

/** Most waypoints a shared ruler carries (its end included). */
export const MAX_RULER_POINTS = 64;
/** Most pings a state carries at once (the pinger's last few seconds). */
export const MAX_SHARED_PINGS = 4;

const coordinateSchema = z.number().min(-1_000_000).max(1_000_000);

/** A ping as shared: where, on which scene, and whether the GM asks everyone to look there. */
export const sharedPingSchema = z.strictObject({
  /** Unique per ping of its author: a receiver shows each id once. */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
  sceneId: recordIdSchema,
  x: coordinateSchema,
  y: coordinateSchema,
  /** A GM's "look here": boards move their view to it (only when it comes from a GM's device). */
  pull: z.boolean(),
});

/** The board's presence of one member's device: `awareness[BOARD_PRESENCE_FIELD]`. */
export const boardPresenceSchema = z.object({
  v: z.literal(1),
  userId: userIdSchema,
  /** The scene this device looks at; cursors, rulers and templates belong to it. */
  sceneId: recordIdSchema.nullable(),
  /** The pointer on the canvas, in scene pixels, or null when it is elsewhere. */
  cursor: z.tuple([coordinateSchema, coordinateSchema]).nullable(),
  /** A ruler being used: waypoints then its live end, flat `[x0, y0, x1, y1, …]`. */
  ruler: z
    .array(coordinateSchema)
    .min(4)
    .max(MAX_RULER_POINTS * 2)
    .refine((list) => list.length % 2 === 0, 'must hold x, y pairs')
    .nullable(),
  /** A template being placed (or placed and not yet cleared). */
  template: templateShapeSchema.nullable(),
  pings: z.array(sharedPingSchema).max(MAX_SHARED_PINGS),
});

export type SharedPing = z.infer<typeof sharedPingSchema>;
export type BoardPresenceState = z.infer<typeof boardPresenceSchema>;
