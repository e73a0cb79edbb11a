/**
 * How a device is connected, as it publishes it in the table sync's awareness (field
 * {@link CONNECTION_FIELD}, beside the board's `meshtableBoard` and the validator's claim), so
 * that the presence panel can show each online member's connection. Like the board's presence,
 * what a state claims is informational: it names a member for display and grants nothing.
 */
import '@meshtable/schema/zodWithoutEval';
import type { SyncState } from '@meshtable/sync';
import { z } from 'zod';

/** The awareness field this app publishes its connection in. */
export const CONNECTION_FIELD = 'meshtableConnection';

/**
 * How a device reaches the table: `webrtc` with at least one open data channel to a peer,
 * `relay` through the relay's WebSocket alone, `offline` with neither (it edits its own copy).
 */
export type ConnectionKind = 'webrtc' | 'relay' | 'offline';

/** What a device publishes: who it is for, and how it is connected. */
export const connectionPresenceSchema = z.strictObject({
  v: z.literal(1),
  userId: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  via: z.enum(['webrtc', 'relay', 'offline']),
});

export type ConnectionPresence = z.infer<typeof connectionPresenceSchema>;

/** The connection kind a sync state amounts to (WebRTC wins: it is the direct path). */
export function connectionOf(state: SyncState): ConnectionKind {
  if (state.webrtcPeers > 0) return 'webrtc';
  if (state.relay === 'connected') return 'relay';
  return 'offline';
}

/** A remote awareness state's connection, or null when it publishes none that fits. */
export function readConnection(
  state: Readonly<Record<string, unknown>> | undefined,
): ConnectionPresence | null {
  if (state === undefined) return null;
  const checked = connectionPresenceSchema.safeParse(state[CONNECTION_FIELD]);
  return checked.success ? checked.data : null;
}
