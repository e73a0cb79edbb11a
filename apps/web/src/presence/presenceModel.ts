/**
 * Who is at the table and how (the presence panel, docs/gm-queue.md "Presence"): every member of
 * the table doc with their role, whether some device of theirs is online (has an awareness state
 * that publishes a connection), and how the best connected of those devices is connected. Pure:
 * usePresence.ts feeds it the members and the awareness states.
 */
import type { Member } from '@meshtable/schema';
import { type ConnectionKind, readConnection } from './connectionPresence';

/** A member's role as the panel shows it. */
export type PresenceRole = 'gm' | 'player' | 'pending';

/** One member's row. */
export interface PresenceRow {
  readonly userId: string;
  readonly name: string;
  readonly color: string;
  readonly role: PresenceRole;
  readonly online: boolean;
  /** How their best connected device is connected; `offline` when no device of theirs is online. */
  readonly via: ConnectionKind;
  /** How many of their devices are online. */
  readonly devices: number;
  readonly me: boolean;
}

/** Better connections first: a member with a phone on the relay and a laptop on WebRTC is on WebRTC. */
const RANK: Record<ConnectionKind, number> = { webrtc: 2, relay: 1, offline: 0 };

/**
 * The rows, GMs first, then players and those waiting to be admitted, each by name. Members who
 * left or were removed are not listed.
 * @param states the other devices' awareness states by client id (this device's own left out)
 * @param me this device's user id and connection: it is online whatever its awareness says
 */
export function presenceRows(
  members: readonly Member[],
  states: ReadonlyMap<number, Readonly<Record<string, unknown>>>,
  me: { readonly userId: string; readonly via: ConnectionKind },
): PresenceRow[] {
  const online = new Map<string, { via: ConnectionKind; devices: number }>();
  const see = (userId: string, via: ConnectionKind) => {
    const known = online.get(userId);
    online.set(userId, {
      via: known === undefined || RANK[via] > RANK[known.via] ? via : known.via,
      devices: (known?.devices ?? 0) + 1,
    });
  };
  for (const state of states.values()) {
    const connection = readConnection(state);
    if (connection !== null) see(connection.userId, connection.via);
  }
  see(me.userId, me.via);
  const rows: PresenceRow[] = [];
  for (const member of members) {
    if (member.status !== 'member' && member.status !== 'pending') continue;
    const seen = online.get(member.userId);
    rows.push({
      userId: member.userId,
      name: member.name,
      color: member.color,
      role: member.status === 'pending' ? 'pending' : member.role,
      online: seen !== undefined,
      via: seen?.via ?? 'offline',
      devices: seen?.devices ?? 0,
      me: member.userId === me.userId,
    });
  }
  const order: Record<PresenceRole, number> = { gm: 0, player: 1, pending: 2 };
  return rows.sort(
    (a, b) =>
      order[a.role] - order[b.role] ||
      a.name.localeCompare(b.name) ||
      a.userId.localeCompare(b.userId),
  );
}
