import { GM_MAPS, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { toYValue } from '../doc/yRecords';
import { bookkeeping, gmDevice, recordIn, updatesDuring, whereIs } from '../testing/hiddenDevices';
import { sceneRecord, tokenRecord } from '../testing/records';
import { thrown } from '../testing/thrown';
import { hideScene, hideToken } from './hideRecords';
import { hiddenStatus } from './readHidden';

const cellar = sceneRecord('cellar');
const rat = tokenRecord('rat', 'cellar', { actorId: 'a-rat', name: 'Giant rat' });
const ana = tokenRecord('ana', 'cellar', { name: 'Ana' });
const elsewhere = tokenRecord('bo', 'hall', { name: 'Bo' });
const now = () => 1_000;

function device() {
  const made = gmDevice({ scenes: [cellar, sceneRecord('hall')], tokens: [rat, ana, elsewhere] });
  made.table.getMap(TABLE_MAPS.actors).set(
    'a-rat',
    toYValue({
      id: 'a-rat',
      type: 'creature',
      name: 'Giant rat',
      image: null,
      owners: [],
      data: { hp: 5 },
    }),
  );
  return made;
}

describe('hideToken', () => {
  it('moves the token into the gm doc, hidden on its own, and leaves its actor shown', () => {
    const gm = device();
    expect(hideToken(gm.table, gm.gm, 'rat', { now })).toEqual({
      hidden: true,
      own: true,
      withScene: null,
    });
    expect(whereIs(gm, 'tokens', 'rat')).toBe('gm');
    expect(recordIn(gm.gm, 'tokens', 'rat')).toEqual(rat);
    expect(bookkeeping(gm.gm)).toEqual({
      hiddenOwn: { 'tokens/rat': 1_000 },
      hiddenWithScene: {},
      revealing: {},
    });
    // Players may own actors and edit their sheets: only the token is hidden.
    expect(gm.table.getMap(TABLE_MAPS.actors).has('a-rat')).toBe(true);
    expect(whereIs(gm, 'tokens', 'ana')).toBe('table');
  });

  it('writes nothing when the token is hidden already', () => {
    const gm = device();
    hideToken(gm.table, gm.gm, 'rat', { now });
    const writes =
      updatesDuring(gm.table, () => hideToken(gm.table, gm.gm, 'rat', { now })) +
      updatesDuring(gm.gm, () => hideToken(gm.table, gm.gm, 'rat', { now }));
    expect(writes).toBe(0);
  });

  it('refuses a token that is in neither doc with HIDDEN_NO_SUCH_RECORD', () => {
    const gm = device();
    const error = thrown(() => hideToken(gm.table, gm.gm, 'ghost'));
    expect(error.code).toBe('HIDDEN_NO_SUCH_RECORD');
    expect(error.message).toBe('There is no token "ghost" in the table doc or the gm doc.');
    expect(gm.gm.getMap(GM_MAPS.hiddenOwn).size).toBe(0);
  });

  it('records the time as a whole number, and 0 for a clock that gives none', () => {
    const gm = device();
    hideToken(gm.table, gm.gm, 'rat', { now: () => 12.7 });
    hideToken(gm.table, gm.gm, 'ana', { now: () => Number.NaN });
    expect(gm.gm.getMap(GM_MAPS.hiddenOwn).toJSON()).toEqual({
      'tokens/rat': 12,
      'tokens/ana': 0,
    });
  });
});

describe('hideScene', () => {
  it('hides the scene and every token on it in one table transaction', () => {
    const gm = device();
    let result: ReturnType<typeof hideScene> | undefined;
    const tableWrites = updatesDuring(gm.table, () => {
      result = hideScene(gm.table, gm.gm, 'cellar', { now });
    });
    expect(tableWrites).toBe(1);
    expect(result).toEqual({
      scene: { hidden: true, own: true, withScene: null },
      tokens: ['ana', 'rat'],
    });
    expect(whereIs(gm, 'scenes', 'cellar')).toBe('gm');
    expect(whereIs(gm, 'tokens', 'rat')).toBe('gm');
    expect(whereIs(gm, 'tokens', 'ana')).toBe('gm');
    expect(whereIs(gm, 'tokens', 'bo')).toBe('table');
    expect(bookkeeping(gm.gm)).toEqual({
      hiddenOwn: { 'scenes/cellar': 1_000 },
      hiddenWithScene: { ana: 'cellar', rat: 'cellar' },
      revealing: {},
    });
    expect(hiddenStatus(gm.gm, 'tokens', 'rat')).toEqual({
      hidden: true,
      own: false,
      withScene: 'cellar',
    });
  });

  it('keeps the own reason of a token hidden before, and adds its own to one hidden after', () => {
    const gm = device();
    hideToken(gm.table, gm.gm, 'rat', { now });
    hideScene(gm.table, gm.gm, 'cellar', { now });
    hideToken(gm.table, gm.gm, 'ana', { now });
    expect(hiddenStatus(gm.gm, 'tokens', 'rat')).toEqual({
      hidden: true,
      own: true,
      withScene: null,
    });
    expect(hiddenStatus(gm.gm, 'tokens', 'ana')).toEqual({
      hidden: true,
      own: true,
      withScene: 'cellar',
    });
  });

  it('refuses a scene that is in neither doc with HIDDEN_NO_SUCH_RECORD', () => {
    const gm = device();
    const error = thrown(() => hideScene(gm.table, gm.gm, 'attic'));
    expect(error.code).toBe('HIDDEN_NO_SUCH_RECORD');
    expect(error.message).toContain('There is no scene "attic"');
  });
});
