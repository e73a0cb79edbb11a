import type { Token } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import {
  type BoardViewer,
  canMoveToken,
  HIDDEN_TOKEN_OPACITY,
  initials,
  recordCorner,
  shapeOrigin,
  toDegrees,
  tokenIdOfShape,
  tokenShapeFields,
  tokenShapeId,
  toRadians,
} from './tokenShape';

const ALICE = 'aliceAAAAAAAAAAAAAAAAA';
const BOB = 'bobBBBBBBBBBBBBBBBBBBB';

function token(fields: Partial<Token> = {}): Token {
  return {
    id: 't1',
    sceneId: 's1',
    actorId: null,
    name: 'Mira the Bold',
    image: null,
    x: 100,
    y: 150,
    size: 1,
    rotation: 0,
    bars: [],
    conditions: [],
    owners: [],
    ...fields,
  };
}

const gm: BoardViewer = { userId: 'gmGGGGGGGGGGGGGGGGGGGG', isGm: true, canAct: true };
const alice: BoardViewer = { userId: ALICE, isGm: false, canAct: true };
const context = (viewer: BoardViewer) => ({
  viewer,
  grid: { size: 50 },
  members: new Map([
    [ALICE, { color: '#2f6fdb' }],
    [BOB, { color: '#aa3300' }],
  ]),
  assetUrl: (sha: string) => `/assets/${sha}`,
});
const view = (t: Token, extra: Partial<{ hidden: boolean; pending: boolean }> = {}) => ({
  token: t,
  hidden: false,
  pending: false,
  rejection: null,
  bars: [],
  ...extra,
});

describe('token records as shapes', () => {
  it('maps ids both ways, and nothing else as a token', () => {
    expect(tokenShapeId('goblin-3')).toBe('shape:token-goblin-3');
    expect(tokenIdOfShape('shape:token-goblin-3')).toBe('goblin-3');
    expect(tokenIdOfShape('shape:scene-backdrop')).toBeNull();
  });

  it('places an unrotated token at its record corner, its side its size in cells', () => {
    const fields = tokenShapeFields(view(token({ size: 2 })), context(gm));
    expect(fields).toMatchObject({ x: 100, y: 150, rotation: 0, isLocked: false, opacity: 1 });
    expect(fields.props).toMatchObject({ tokenId: 't1', w: 100, name: 'Mira the Bold', image: '' });
  });

  it('turns a rotated token about its centre, and reads the record corner back', () => {
    const side = 50;
    for (const degrees of [0, 45, 90, 180, 270, 333]) {
      const radians = toRadians(degrees);
      const origin = shapeOrigin({ x: 100, y: 150 }, side, radians);
      const back = recordCorner(origin, side, radians);
      expect(back.x).toBeCloseTo(100, 9);
      expect(back.y).toBeCloseTo(150, 9);
    }
    // A quarter turn clockwise puts the shape's own top-left corner at the top right.
    const origin = shapeOrigin({ x: 100, y: 150 }, side, toRadians(90));
    expect(origin.x).toBeCloseTo(150, 9);
    expect(origin.y).toBeCloseTo(150, 9);
  });

  it('converts degrees and radians, normalised to one turn', () => {
    expect(toRadians(90)).toBeCloseTo(Math.PI / 2, 12);
    expect(toRadians(-90)).toBeCloseTo((3 * Math.PI) / 2, 12);
    expect(toDegrees(Math.PI)).toBe(180);
    expect(toDegrees(-Math.PI / 2)).toBe(270);
    expect(toDegrees(2 * Math.PI)).toBe(0);
  });

  it('outlines a token in its first known owner’s colour', () => {
    const owned = tokenShapeFields(
      view(token({ owners: ['nobodyNNNNNNNNNNNNNNNN', BOB] })),
      context(gm),
    );
    expect(owned.props.ownerColor).toBe('#aa3300');
    expect(tokenShapeFields(view(token()), context(gm)).props.ownerColor).toBe('');
  });

  it('lets GMs move every token and players only their own', () => {
    expect(canMoveToken(gm, token())).toBe(true);
    expect(canMoveToken(alice, token({ owners: [ALICE] }))).toBe(true);
    expect(canMoveToken(alice, token({ owners: [BOB] }))).toBe(false);
    expect(canMoveToken({ ...alice, canAct: false }, token({ owners: [ALICE] }))).toBe(false);
    const locked = tokenShapeFields(view(token({ owners: [BOB] })), context(alice));
    expect(locked).toMatchObject({ isLocked: true, props: { movable: false } });
  });

  it('draws a hidden token translucent and a pending one as a ghost', () => {
    const hidden = tokenShapeFields(view(token(), { hidden: true }), context(gm));
    expect(hidden.opacity).toBe(HIDDEN_TOKEN_OPACITY);
    expect(hidden.props.hidden).toBe(true);
    const pending = tokenShapeFields(view(token(), { pending: true }), context(alice));
    expect(pending.props.pending).toBe(true);
  });

  it('links the image to the relay and copies bars, conditions and refusals', () => {
    const sha = 'a'.repeat(64);
    const fields = tokenShapeFields(
      {
        token: token({ image: sha, conditions: ['prone', 'blessed'] }),
        hidden: false,
        pending: false,
        rejection: 'too far',
        bars: [{ value: 3, max: 10, color: '#ff0000' }],
      },
      context(alice),
    );
    expect(fields.props).toMatchObject({
      image: `/assets/${sha}`,
      conditions: ['prone', 'blessed'],
      rejection: 'too far',
      bars: [{ value: 3, max: 10, color: '#ff0000' }],
    });
  });

  it('makes initials from a name', () => {
    expect(initials('Mira the Bold')).toBe('MB');
    expect(initials('goblin')).toBe('GO');
    expect(initials('  ')).toBe('');
    expect(initials('Élodie')).toBe('ÉL');
  });
});
