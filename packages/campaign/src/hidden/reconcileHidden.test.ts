/**
 * Every move stopped after each of its steps (a device that dies part way), then finished by
 * reconcileHidden, on the same device or on another GM device that synced what the first one
 * wrote: the end is always the same as the whole move's, no record is ever in neither doc, and
 * no secret reaches a player on the way.
 */
import { GM_MAPS, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { toYValue } from '../doc/yRecords';
import {
  bookkeeping,
  copyDevice,
  type GmDevice,
  gmDevice,
  PlayerDevice,
  recordIn,
  syncDevices,
  updatesDuring,
  whereIs,
} from '../testing/hiddenDevices';
import { sceneRecord, tokenRecord } from '../testing/records';
import { hideScene, hideToken, planHideScene, planHideToken } from './hideRecords';
import type { HiddenMovePlan } from './movePlan';
import { hiddenStatus } from './readHidden';
import { reconcileHidden } from './reconcileHidden';
import { planRevealScene, planRevealToken } from './revealRecords';

const SECRET = 'Rat king of the undercity';
const now = () => 5;

/** The cellar with a rat (hidden on its own, renamed in secret) and Ana (shown). */
function setUp(): GmDevice {
  const device = gmDevice({
    scenes: [sceneRecord('cellar')],
    tokens: [tokenRecord('rat', 'cellar'), tokenRecord('ana', 'cellar')],
  });
  hideToken(device.table, device.gm, 'rat', { now });
  (device.gm.getMap(GM_MAPS.tokens).get('rat') as Y.Map<unknown>).set('name', SECRET);
  return device;
}

/** Everything the moves decide, as JSON. */
function stateOf(device: GmDevice) {
  return {
    table: {
      scenes: device.table.getMap(TABLE_MAPS.scenes).toJSON(),
      tokens: device.table.getMap(TABLE_MAPS.tokens).toJSON(),
    },
    gm: {
      scenes: device.gm.getMap(GM_MAPS.scenes).toJSON(),
      tokens: device.gm.getMap(GM_MAPS.tokens).toJSON(),
      ...bookkeeping(device.gm),
    },
  };
}

/** Each move, and whether it shows the rat (whose secret name players must otherwise never get). */
const MOVES: Record<string, [(device: GmDevice) => HiddenMovePlan<unknown>, boolean]> = {
  'hiding a token': [(d) => planHideToken(d.table, d.gm, 'ana', { now }), false],
  'revealing a token': [(d) => planRevealToken(d.table, d.gm, 'rat', { now }), true],
  'hiding a scene': [(d) => planHideScene(d.table, d.gm, 'cellar', { now }), false],
  'revealing a scene': [
    (d) => {
      hideScene(d.table, d.gm, 'cellar', { now });
      return planRevealScene(d.table, d.gm, 'cellar', { now });
    },
    false,
  ],
  'revealing a token on a hidden scene': [
    (d) => {
      hideScene(d.table, d.gm, 'cellar', { now });
      return planRevealToken(d.table, d.gm, 'rat', { now });
    },
    false,
  ],
};

/** The state after the whole move, undisturbed. */
function wholeMove(move: (device: GmDevice) => HiddenMovePlan<unknown>) {
  const device = setUp();
  for (const step of move(device).steps) step.run();
  return stateOf(device);
}

describe.each(Object.entries(MOVES))('%s, stopped after each step', (_name, [move, showsRat]) => {
  const expected = wholeMove(move);

  it.each([0, 1, 2, 3])(
    'after %i steps: nothing lost, no secret shown, and reconcileHidden finishes it',
    (stopAfter) => {
      const device = setUp();
      const player = new PlayerDevice();
      player.receiveFrom(device.table);
      const plan = move(device);
      const before = stateOf(device);
      expect(plan.steps).toHaveLength(3);
      for (const step of plan.steps.slice(0, stopAfter)) {
        step.run();
        player.receiveFrom(device.table);
        for (const id of ['rat', 'ana']) expect(whereIs(device, 'tokens', id)).not.toBe('neither');
        expect(whereIs(device, 'scenes', 'cellar')).not.toBe('neither');
      }
      reconcileHidden(device.table, device.gm);
      player.receiveFrom(device.table);
      // Stopped before its decision, a move did not happen: reconcileHidden decides nothing.
      expect(stateOf(device)).toEqual(stopAfter === 0 ? before : expected);
      expect(player.everSaw(SECRET)).toBe(showsRat && stopAfter > 0);
      // Once finished, there is nothing left to do.
      const again =
        updatesDuring(device.table, () => reconcileHidden(device.table, device.gm)) +
        updatesDuring(device.gm, () => reconcileHidden(device.table, device.gm));
      expect(again).toBe(0);
    },
  );

  it.each([1, 2])(
    'after %i steps on one device, another GM device that synced it finishes it',
    (stopAfter) => {
      const first = setUp();
      const second = copyDevice(first);
      for (const step of move(first).steps.slice(0, stopAfter)) step.run();
      syncDevices(first, second);
      reconcileHidden(second.table, second.gm);
      syncDevices(first, second);
      expect(stateOf(first)).toEqual(expected);
      expect(stateOf(second)).toEqual(expected);
    },
  );
});

describe('reconcileHidden', () => {
  it('hides a token that reached the table on a hidden scene, as hidden with the scene', () => {
    const device = setUp();
    hideScene(device.table, device.gm, 'cellar', { now });
    // Added by a device that had not yet seen the scene hidden.
    device.table
      .getMap(TABLE_MAPS.tokens)
      .set('bat', toYValue(tokenRecord('bat', 'cellar', { name: 'Bat' })));
    expect(reconcileHidden(device.table, device.gm)).toEqual({
      moved: [{ collection: 'tokens', id: 'bat', to: 'gm' }],
      problems: [],
    });
    expect(whereIs(device, 'tokens', 'bat')).toBe('gm');
    expect(hiddenStatus(device.gm, 'tokens', 'bat')).toEqual({
      hidden: true,
      own: false,
      withScene: 'cellar',
    });
  });

  it('keeps hidden a gm copy that has no bookkeeping at all', () => {
    const device = gmDevice();
    device.gm.getMap(GM_MAPS.tokens).set('t9', toYValue(tokenRecord('t9', 'cellar')));
    const player = new PlayerDevice();
    expect(reconcileHidden(device.table, device.gm)).toEqual({ moved: [], problems: [] });
    player.receiveFrom(device.table);
    expect(whereIs(device, 'tokens', 't9')).toBe('gm');
    expect(player.everSaw('Token t9')).toBe(false);
    expect(hiddenStatus(device.gm, 'tokens', 't9')).toEqual({
      hidden: true,
      own: true,
      withScene: null,
    });
  });

  it('leaves a malformed copy it was to reveal in the gm doc, and reports it', () => {
    const device = setUp();
    const plan = planRevealToken(device.table, device.gm, 'rat', { now });
    plan.steps[0]?.run();
    (device.gm.getMap(GM_MAPS.tokens).get('rat') as Y.Map<unknown>).set('x', 'left');
    const player = new PlayerDevice();
    expect(reconcileHidden(device.table, device.gm)).toEqual({
      moved: [],
      problems: ['cannot reveal tokens/rat: x: Invalid input: expected number, received string'],
    });
    player.receiveFrom(device.table);
    expect(whereIs(device, 'tokens', 'rat')).toBe('gm');
    expect(player.everSaw(SECRET)).toBe(false);
  });

  it('reports bookkeeping that names no record, and keeps such a token hidden', () => {
    const device = setUp();
    device.gm.transact(() => {
      device.gm.getMap(GM_MAPS.hiddenOwn).set('actors/a1', 1);
      device.gm.getMap(GM_MAPS.revealing).set('nonsense', 1);
      device.gm.getMap(GM_MAPS.hiddenWithScene).set('ana', 42);
    });
    expect(reconcileHidden(device.table, device.gm)).toEqual({
      moved: [{ collection: 'tokens', id: 'ana', to: 'gm' }],
      problems: [
        'hiddenOwn "actors/a1" names no scene or token',
        'revealing "nonsense" names no scene or token',
        'hiddenWithScene "ana" names no scene: the token stays hidden',
      ],
    });
    expect(recordIn(device.gm, 'tokens', 'ana')).toMatchObject({ name: 'Token ana' });
  });
});
