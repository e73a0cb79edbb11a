import { GM_MAPS, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { toYValue } from '../doc/yRecords';
import {
  copyDevice,
  gmDevice,
  PlayerDevice,
  pushDoc,
  updatesDuring,
  whereIs,
} from '../testing/hiddenDevices';
import { sceneRecord, tokenRecord } from '../testing/records';
import { hideScene, hideToken } from './hideRecords';
import type { HiddenReconciliation } from './reconcileHidden';
import { revealToken } from './revealRecords';
import { watchHidden } from './watchHidden';

const now = () => 6;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The validating GM's device (watching), another GM device, and a player. */
function setUp() {
  const validating = gmDevice({
    scenes: [sceneRecord('cellar')],
    tokens: [tokenRecord('rat', 'cellar', { name: 'Rat' }), tokenRecord('ana', 'cellar')],
  });
  const other = copyDevice(validating);
  const player = new PlayerDevice();
  player.receiveFrom(validating.table);
  const reports: HiddenReconciliation[] = [];
  const stop = watchHidden({
    table: validating.table,
    gm: validating.gm,
    now,
    onReport: (report) => reports.push(report),
  });
  return { validating, other, player, reports, stop };
}

describe('watchHidden and decideOnly', () => {
  it('lets a GM device that does not validate hide and reveal through the gm doc alone', async () => {
    const { validating, other, player, reports, stop } = setUp();
    const tableWrites = updatesDuring(other.table, () =>
      hideToken(other.table, other.gm, 'rat', { now, decideOnly: true }),
    );
    expect(tableWrites).toBe(0);
    expect(whereIs(other, 'tokens', 'rat')).toBe('both');
    pushDoc(other.gm, validating.gm);
    await settle();
    player.receiveFrom(validating.table);
    expect(whereIs(validating, 'tokens', 'rat')).toBe('gm');
    expect(player.table.getMap(TABLE_MAPS.tokens).has('rat')).toBe(false);

    pushDoc(validating.table, other.table);
    pushDoc(validating.gm, other.gm);
    revealToken(other.table, other.gm, 'rat', { now, decideOnly: true });
    expect(whereIs(other, 'tokens', 'rat')).toBe('gm');
    pushDoc(other.gm, validating.gm);
    await settle();
    player.receiveFrom(validating.table);
    expect(whereIs(validating, 'tokens', 'rat')).toBe('table');
    expect(player.table.getMap(TABLE_MAPS.tokens).has('rat')).toBe(true);
    expect(reports.map((report) => report.moved)).toEqual([
      [{ collection: 'tokens', id: 'rat', to: 'gm' }],
      [{ collection: 'tokens', id: 'rat', to: 'table' }],
    ]);
    stop();
  });

  it('hides a token the validator adds to a hidden scene, and stops when told', async () => {
    const { validating, reports, stop } = setUp();
    hideScene(validating.table, validating.gm, 'cellar', { now });
    validating.table.getMap(TABLE_MAPS.tokens).set('bat', toYValue(tokenRecord('bat', 'cellar')));
    await settle();
    expect(whereIs(validating, 'tokens', 'bat')).toBe('gm');
    expect(reports).toHaveLength(1);
    stop();
    validating.table.getMap(TABLE_MAPS.tokens).set('owl', toYValue(tokenRecord('owl', 'cellar')));
    await settle();
    expect(whereIs(validating, 'tokens', 'owl')).toBe('table');
  });

  it('reports a problem once, not after every change', async () => {
    const { validating, reports, stop } = setUp();
    validating.gm.getMap(GM_MAPS.hiddenOwn).set('actors/a1', 1);
    await settle();
    validating.table.getMap(TABLE_MAPS.tokens).set('owl', toYValue(tokenRecord('owl', 'cellar')));
    await settle();
    expect(reports.map((report) => report.problems)).toEqual([
      ['hiddenOwn "actors/a1" names no scene or token'],
    ]);
    stop();
  });
});
