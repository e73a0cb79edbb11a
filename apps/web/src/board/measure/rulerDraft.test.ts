import { MAX_RULER_POINTS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import {
  anchorRulerPoint,
  type RulerDraft,
  type RulerEvent,
  rulerPoints,
  stepRuler,
} from './rulerDraft';

const p = (x: number, y: number) => ({ x, y });

function run(events: RulerEvent[]): RulerDraft | null {
  return events.reduce<RulerDraft | null>((draft, event) => stepRuler(draft, event), null);
}

describe('stepRuler', () => {
  it('measures while a drag lasts and is put away when it ends', () => {
    const dragging = run([
      { type: 'press', point: p(35, 35) },
      { type: 'move', point: p(105, 35) },
      { type: 'move', point: p(175, 105) },
    ]);
    expect(dragging && rulerPoints(dragging)).toEqual([p(35, 35), p(175, 105)]);
    expect(stepRuler(dragging, { type: 'release', point: p(175, 105), dragged: true })).toBeNull();
  });

  it('adds a waypoint for each click after the first, and ends on a double click', () => {
    let draft = run([
      { type: 'press', point: p(35, 35) },
      { type: 'release', point: p(35, 35), dragged: false },
      { type: 'move', point: p(105, 105) },
    ]);
    expect(draft?.waypoints).toEqual([p(35, 35)]);
    draft = stepRuler(draft, { type: 'press', point: p(105, 105) });
    draft = stepRuler(draft, { type: 'release', point: p(105, 105), dragged: false });
    draft = stepRuler(draft, { type: 'move', point: p(245, 105) });
    expect(draft && rulerPoints(draft)).toEqual([p(35, 35), p(105, 105), p(245, 105)]);
    // The double click's second click lands on the same point: no second waypoint there.
    draft = stepRuler(draft, { type: 'press', point: p(245, 105) });
    draft = stepRuler(draft, { type: 'release', point: p(245, 105), dragged: false });
    draft = stepRuler(draft, { type: 'press', point: p(245, 105) });
    draft = stepRuler(draft, { type: 'release', point: p(245, 105), dragged: false });
    expect(draft?.waypoints).toHaveLength(3);
    expect(stepRuler(draft, { type: 'end' })).toBeNull();
  });

  it('fixes a waypoint mid-drag with a key, and takes it back', () => {
    let draft = run([
      { type: 'press', point: p(0, 0) },
      { type: 'move', point: p(70, 0) },
      { type: 'waypoint' },
      { type: 'move', point: p(70, 70) },
    ]);
    expect(draft && rulerPoints(draft)).toEqual([p(0, 0), p(70, 0), p(70, 70)]);
    draft = stepRuler(draft, { type: 'undo' });
    expect(draft && rulerPoints(draft)).toEqual([p(0, 0), p(70, 70)]);
    expect(stepRuler(draft, { type: 'undo' })).toBeNull();
  });

  it('ignores everything but a press while put away', () => {
    expect(stepRuler(null, { type: 'move', point: p(1, 1) })).toBeNull();
    expect(stepRuler(null, { type: 'waypoint' })).toBeNull();
  });

  it('keeps within what presence may share', () => {
    let draft = run([{ type: 'press', point: p(0, 0) }]);
    for (let i = 1; i < MAX_RULER_POINTS * 2; i++) {
      draft = stepRuler(draft, { type: 'move', point: p(i, 0) });
      draft = stepRuler(draft, { type: 'waypoint' });
    }
    expect(draft && rulerPoints(draft).length).toBeLessThanOrEqual(MAX_RULER_POINTS);
  });
});

describe('anchorRulerPoint', () => {
  const grid = {
    type: 'square' as const,
    size: 70,
    offsetX: 0,
    offsetY: 0,
    distance: 5,
    units: 'ft',
  };
  const ogre = { x: 140, y: 140, size: 2 };

  it('starts from the centre of a token pressed on, even a large one', () => {
    expect(anchorRulerPoint(grid, [ogre], p(150, 200), true)).toEqual(p(210, 210));
  });

  it('snaps other points to their cell’s centre', () => {
    expect(anchorRulerPoint(grid, [ogre], p(150, 200), false)).toEqual(p(175, 175));
    expect(anchorRulerPoint(grid, [], p(10, 69), true)).toEqual(p(35, 35));
  });
});
