import { describe, expect, it } from 'vitest';
import { boardPresenceSchema, MAX_RULER_POINTS, MAX_SHARED_PINGS } from './boardPresence';

const state = {
  v: 1,
  userId: 'AAAAAAAAAAAAAAAAAAAAAA',
  sceneId: 'crypt',
  cursor: [10, 20],
  ruler: [35, 35, 245, 175],
  template: { kind: 'circle', x: 0, y: 0, radius: 140 },
  pings: [{ id: 'p-1', sceneId: 'crypt', x: 5, y: 5, pull: false }],
};

describe('boardPresenceSchema', () => {
  it('accepts a full state, and one that shares nothing', () => {
    expect(boardPresenceSchema.safeParse(state).success).toBe(true);
    const idle = { ...state, sceneId: null, cursor: null, ruler: null, template: null, pings: [] };
    expect(boardPresenceSchema.safeParse(idle).success).toBe(true);
  });

  it('lets a newer build add fields', () => {
    expect(boardPresenceSchema.safeParse({ ...state, laser: [1, 2] }).success).toBe(true);
  });

  it('refuses what could not be drawn or would flood the table', () => {
    for (const bad of [
      { ...state, v: 2 },
      { ...state, userId: 'me' },
      { ...state, cursor: [Number.NaN, 0] },
      { ...state, ruler: [1, 2, 3] },
      { ...state, ruler: [1, 2] },
      { ...state, ruler: new Array(MAX_RULER_POINTS * 2 + 2).fill(0) },
      { ...state, template: { kind: 'circle', x: 0, y: 0 } },
      { ...state, pings: new Array(MAX_SHARED_PINGS + 1).fill(state.pings[0]) },
      { ...state, pings: [{ ...state.pings[0], id: '<img>' }] },
    ]) {
      expect(boardPresenceSchema.safeParse(bad).success, JSON.stringify(bad).slice(0, 90)).toBe(
        false,
      );
    }
  });
});
