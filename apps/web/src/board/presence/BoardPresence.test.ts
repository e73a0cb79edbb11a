/**
 * Board presence between devices whose real y-protocols Awareness instances reach each other at
 * once, with time driven by the test (vitest's fake timers).
 */
import {
  CLAIM_FIELD,
  createIdentity,
  encodePublicKey,
  signValidatorClaim,
  toYValue,
} from '@meshtable/campaign';
import { BOARD_PRESENCE_FIELD, MAX_SHARED_PINGS, TABLE_MAPS } from '@meshtable/schema';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { BoardPresence, type HeardPing, PING_MS, PRESENCE_INTERVAL_MS } from './BoardPresence';
import { gmKeysOf, isGmDevice } from './gmDevice';

const ANA = 'AAAAAAAAAAAAAAAAAAAAAA';
const BO = 'BBBBBBBBBBBBBBBBBBBBBB';

const awarenesses: Awareness[] = [];
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  for (const awareness of awarenesses.splice(0)) awareness.destroy();
  vi.useRealTimers();
});

/** Devices whose awareness updates reach each other at once; each counts what it sent. */
function devices(count: number) {
  const all: { awareness: Awareness; sent: number }[] = [];
  for (let i = 0; i < count; i++) {
    const awareness = new Awareness(new Y.Doc());
    awarenesses.push(awareness);
    const device = { awareness, sent: 0 };
    awareness.on(
      'update',
      (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
        if (origin === 'wire') return;
        device.sent += 1;
        const update = encodeAwarenessUpdate(awareness, [
          ...changes.added,
          ...changes.updated,
          ...changes.removed,
        ]);
        for (const other of all)
          if (other !== device) applyAwarenessUpdate(other.awareness, update, 'wire');
      },
    );
    all.push(device);
  }
  return all;
}

describe('BoardPresence', () => {
  it('publishes a cursor at most once per interval, the latest one winning', () => {
    const [mine, theirs] = devices(2) as [
      ReturnType<typeof devices>[0],
      ReturnType<typeof devices>[0],
    ];
    const me = new BoardPresence({ awareness: mine.awareness, userId: ANA });
    const them = new BoardPresence({ awareness: theirs.awareness, userId: BO });
    me.set({ sceneId: 's1' });
    const before = mine.sent;
    for (let x = 0; x < 100; x++) {
      me.set({ cursor: [x, 10] });
      vi.advanceTimersByTime(1);
    }
    // 100 ms of moves: one update when the interval allows, then one per interval.
    expect(mine.sent - before).toBeLessThanOrEqual(Math.ceil(100 / PRESENCE_INTERVAL_MS) + 1);
    vi.advanceTimersByTime(PRESENCE_INTERVAL_MS);
    const seen = them.remote();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.state).toMatchObject({ userId: ANA, sceneId: 's1', cursor: [99, 10] });
  });

  it('sends nothing when nothing changed', () => {
    const [mine] = devices(1) as [ReturnType<typeof devices>[0]];
    const me = new BoardPresence({ awareness: mine.awareness, userId: ANA });
    me.set({ cursor: [1, 1] });
    vi.advanceTimersByTime(PRESENCE_INTERVAL_MS);
    const before = mine.sent;
    me.set({ cursor: [1, 1] });
    vi.advanceTimersByTime(PRESENCE_INTERVAL_MS * 3);
    expect(mine.sent).toBe(before);
  });

  it('drops a ruler and a template when the device changes scene', () => {
    const [mine] = devices(1) as [ReturnType<typeof devices>[0]];
    const me = new BoardPresence({ awareness: mine.awareness, userId: ANA });
    me.set({
      sceneId: 's1',
      ruler: [0, 0, 70, 70],
      template: { kind: 'circle', x: 0, y: 0, radius: 9 },
    });
    me.set({ sceneId: 's2' });
    expect(me.local()).toMatchObject({ sceneId: 's2', ruler: null, template: null });
  });

  it('tells everyone of each ping once, at once, and forgets it after a few seconds', () => {
    const [mine, theirs] = devices(2) as [
      ReturnType<typeof devices>[0],
      ReturnType<typeof devices>[0],
    ];
    const me = new BoardPresence({ awareness: mine.awareness, userId: ANA });
    const them = new BoardPresence({ awareness: theirs.awareness, userId: BO });
    const heardHere: HeardPing[] = [];
    const heardThere: HeardPing[] = [];
    me.onPing((ping) => heardHere.push(ping));
    them.onPing((ping) => heardThere.push(ping));
    const ping = me.ping('s1', { x: 140.04, y: 70 });
    expect(ping).toMatchObject({ sceneId: 's1', x: 140, y: 70, pull: false });
    expect(heardHere.map((h) => h.ping.id)).toEqual([ping?.id]);
    expect(heardThere.map((h) => [h.ping.id, h.userId])).toEqual([[ping?.id, ANA]]);
    // Cursor moves resend the state with the ping in it: it is not heard again.
    me.set({ cursor: [5, 5] });
    vi.advanceTimersByTime(PRESENCE_INTERVAL_MS);
    expect(heardThere).toHaveLength(1);
    vi.advanceTimersByTime(PING_MS);
    expect(me.local().pings).toEqual([]);
    expect(them.remote()[0]?.state.pings).toEqual([]);
  });

  it(`keeps at most ${MAX_SHARED_PINGS} pings alive per device`, () => {
    const [mine] = devices(1) as [ReturnType<typeof devices>[0]];
    const me = new BoardPresence({ awareness: mine.awareness, userId: ANA });
    const pings = Array.from({ length: MAX_SHARED_PINGS + 2 }, () => me.ping('s1', { x: 0, y: 0 }));
    expect(pings.filter((ping) => ping !== null)).toHaveLength(MAX_SHARED_PINGS);
    vi.advanceTimersByTime(PING_MS);
    expect(me.ping('s1', { x: 0, y: 0 })).not.toBeNull();
  });

  it('ignores a state that does not fit the schema', () => {
    const [mine, theirs] = devices(2) as [
      ReturnType<typeof devices>[0],
      ReturnType<typeof devices>[0],
    ];
    const them = new BoardPresence({ awareness: theirs.awareness, userId: BO });
    const heard: HeardPing[] = [];
    them.onPing((ping) => heard.push(ping));
    mine.awareness.setLocalStateField(BOARD_PRESENCE_FIELD, {
      v: 1,
      userId: ANA,
      sceneId: 's1',
      cursor: [1e12, 0],
      ruler: null,
      template: null,
      pings: [{ id: 'p1', sceneId: 's1', x: 0, y: 0, pull: true }],
    });
    expect(them.remote()).toEqual([]);
    expect(heard).toEqual([]);
  });

  it('clears its presence for everyone when disposed', () => {
    const [mine, theirs] = devices(2) as [
      ReturnType<typeof devices>[0],
      ReturnType<typeof devices>[0],
    ];
    const me = new BoardPresence({ awareness: mine.awareness, userId: ANA });
    const them = new BoardPresence({ awareness: theirs.awareness, userId: BO });
    me.set({ cursor: [3, 3] });
    expect(them.remote()).toHaveLength(1);
    me.dispose();
    expect(them.remote()).toEqual([]);
  });
});

describe('isGmDevice', () => {
  const gm = createIdentity('Gemma', '#aa3300');
  const player = createIdentity('Pat', '#00aa44');
  const table = new Y.Doc();
  const member = (who: typeof gm, role: 'gm' | 'player') => ({
    userId: who.userId,
    publicKey: encodePublicKey(who.publicKey),
    name: who.name,
    color: '#123456',
    role,
    status: 'member',
    since: 1,
  });
  table.getMap(TABLE_MAPS.members).set(gm.userId, toYValue(member(gm, 'gm')));
  table.getMap(TABLE_MAPS.members).set(player.userId, toYValue(member(player, 'player')));
  const keys = gmKeysOf(table);
  const now = 5_000_000;

  it('knows a GM device by its signed validator claim', () => {
    expect(Object.keys(keys)).toEqual([gm.userId]);
    const raw = { [CLAIM_FIELD]: signValidatorClaim(gm, 'camp', 7, now) };
    expect(isGmDevice(raw, 7, gm.userId, keys, 'camp', now)).toBe(true);
  });

  it('refuses a player’s claim, a claim for another device or campaign, and a stale one', () => {
    const forged = { [CLAIM_FIELD]: signValidatorClaim(player, 'camp', 8, now) };
    expect(isGmDevice(forged, 8, player.userId, keys, 'camp', now)).toBe(false);
    const copied = { [CLAIM_FIELD]: signValidatorClaim(gm, 'camp', 7, now) };
    expect(isGmDevice(copied, 8, gm.userId, keys, 'camp', now)).toBe(false);
    expect(isGmDevice(copied, 7, player.userId, keys, 'camp', now)).toBe(false);
    expect(isGmDevice(copied, 7, gm.userId, keys, 'other', now)).toBe(false);
    expect(isGmDevice(copied, 7, gm.userId, keys, 'camp', now + 60_000)).toBe(false);
    expect(isGmDevice({}, 7, gm.userId, keys, 'camp', now)).toBe(false);
  });
});
