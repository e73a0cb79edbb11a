/**
 * The presence rows from members and awareness states: roles, online state, the best connection
 * of a member's devices, this device always online, states that publish nothing or junk ignored.
 */
import type { Member } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { CONNECTION_FIELD, connectionOf } from './connectionPresence';
import { presenceRows } from './presenceModel';

const GEMMA = 'G'.repeat(22);
const ANN = 'A'.repeat(22);
const BOB = 'B'.repeat(22);
const CY = 'C'.repeat(22);
const DEE = 'D'.repeat(22);

function member(
  userId: string,
  name: string,
  role: Member['role'],
  status: Member['status'],
): Member {
  return { userId, publicKey: 'k'.repeat(43), name, color: '#123456', role, status, since: 1 };
}

const members = [
  member(BOB, 'Bob', 'player', 'member'),
  member(ANN, 'Ann', 'player', 'member'),
  member(CY, 'Cy', 'player', 'pending'),
  member(DEE, 'Dee', 'player', 'kicked'),
  member(GEMMA, 'Gemma', 'gm', 'member'),
];

const at = (userId: string, via: string) => ({ [CONNECTION_FIELD]: { v: 1, userId, via } });

describe('presenceRows', () => {
  it('lists GMs, players and those waiting, with who is online and how', () => {
    const states = new Map<number, Record<string, unknown>>([
      [11, at(ANN, 'relay')],
      [12, at(ANN, 'webrtc')],
      [13, { meshtableBoard: { v: 1, userId: BOB } }],
      [14, at(CY, 'relay')],
      [15, { [CONNECTION_FIELD]: { v: 1, userId: BOB, via: 'pigeon' } }],
    ]);
    const rows = presenceRows(members, states, { userId: GEMMA, via: 'webrtc' });
    expect(
      rows.map((row) => [row.name, row.role, row.online, row.via, row.devices, row.me]),
    ).toEqual([
      ['Gemma', 'gm', true, 'webrtc', 1, true],
      ['Ann', 'player', true, 'webrtc', 2, false],
      // Bob's states publish no connection that fits: he counts as offline.
      ['Bob', 'player', false, 'offline', 0, false],
      ['Cy', 'pending', true, 'relay', 1, false],
    ]);
  });

  it('counts this device online even while it reaches nobody', () => {
    const rows = presenceRows(members, new Map(), { userId: ANN, via: 'offline' });
    expect(rows.find((row) => row.me)).toMatchObject({ name: 'Ann', online: true, via: 'offline' });
  });
});

describe('connectionOf', () => {
  const base = { webrtc: 'on', relay: 'connected', online: true, persisted: 'ready' } as const;
  it('prefers WebRTC with an open channel, then the relay, else offline', () => {
    expect(connectionOf({ ...base, webrtcPeers: 1 })).toBe('webrtc');
    expect(connectionOf({ ...base, webrtcPeers: 0 })).toBe('relay');
    expect(connectionOf({ ...base, webrtcPeers: 0, relay: 'disconnected' })).toBe('offline');
  });
});
