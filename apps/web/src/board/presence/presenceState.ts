/**
 * The board's presence in the table sync's awareness, as this app reads and writes it: the
 * schema is packages/schema presence/boardPresence.ts. Who a state claims to be is only taken
 * for a name and a colour (a member's, from the table doc), never for a right, with one
 * exception made safe by a signature: a GM's "look here" (gmDevice.ts).
 */
import {
  BOARD_PRESENCE_FIELD,
  type BoardPresenceState,
  boardPresenceSchema,
} from '@meshtable/schema';

/** A state no device shares: nothing on the board. */
export function emptyPresence(userId: string): BoardPresenceState {
  return {
    v: 1,
    userId,
    sceneId: null,
    cursor: null,
    ruler: null,
    template: null,
    pings: [],
  };
}

/** A remote device's board presence, or null when its awareness state holds none that fits. */
export function readPresence(
  state: Readonly<Record<string, unknown>> | undefined,
): BoardPresenceState | null {
  if (state === undefined) return null;
  const checked = boardPresenceSchema.safeParse(state[BOARD_PRESENCE_FIELD]);
  return checked.success ? checked.data : null;
}
