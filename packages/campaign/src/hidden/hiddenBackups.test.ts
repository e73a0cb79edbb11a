/**
 * The race the backups exist for: Yjs keeps one of two concurrent writes of a key (the one by
 * the higher client id), so a GM device whose gm doc lags can see its hide's gm copy thrown
 * away in favour of another device's, which that device then deletes as it reveals.
 */
import { GM_MAPS, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import {
  copyDevice,
  type GmDevice,
  gmDevice,
  PlayerDevice,
  pushDoc,
  syncDevices,
  whereIs,
} from '../testing/hiddenDevices';
import { sceneRecord, tokenRecord } from '../testing/records';
import { deleteHidden } from './deleteHidden';
import { hideScene, hideToken } from './hideRecords';
import { hiddenStatus } from './readHidden';
import { reconcileHidden } from './reconcileHidden';
import { revealScene, revealToken } from './revealRecords';

const now = () => 3;

/** Two GM devices; the first one's writes win every tie (higher client ids). */
function setUp(): [GmDevice, GmDevice] {
  const first = gmDevice({ scenes: [sceneRecord('hall')], tokens: [tokenRecord('bo', 'hall')] });
  const second = copyDevice(first);
  first.table.clientID = 201;
  first.gm.clientID = 200;
  second.table.clientID = 101;
  second.gm.clientID = 100;
  return [first, second];
}

describe('hidden backups', () => {
  it('restore, hidden, a token that a hide and a concurrent reveal left in neither doc', () => {
    const [first, second] = setUp();
    hideScene(first.table, first.gm, 'hall', { now });
    revealScene(first.table, first.gm, 'hall', { now });
    // The second device gets the reveal's table write, but none of the first one's gm doc.
    pushDoc(first.table, second.table);
    hideToken(second.table, second.gm, 'bo', { now });
    syncDevices(first, second);
    expect(whereIs(first, 'tokens', 'bo')).toBe('neither');
    expect(first.gm.getMap(GM_MAPS.hiddenBackups).size).toBe(1);

    const player = new PlayerDevice();
    player.receiveFrom(first.table);
    expect(reconcileHidden(first.table, first.gm, { now })).toEqual({
      moved: [{ collection: 'tokens', id: 'bo', to: 'gm' }],
      problems: [],
    });
    syncDevices(first, second);
    player.receiveFrom(first.table);
    for (const device of [first, second]) {
      expect(whereIs(device, 'tokens', 'bo')).toBe('gm');
      expect(hiddenStatus(device.gm, 'tokens', 'bo')).toMatchObject({ hidden: true, own: true });
    }
    expect(player.table.getMap(TABLE_MAPS.tokens).has('bo')).toBe(false);
  });

  it('are kept by a reveal that has not seen the table copy they guard, and dropped after', () => {
    const [first, second] = setUp();
    hideToken(first.table, first.gm, 'bo', { now });
    syncDevices(first, second);
    // The second device shows the token and hides it again: its backup names the table copy
    // its reveal wrote, which the first device never receives before revealing it in turn.
    revealToken(second.table, second.gm, 'bo', { now });
    hideToken(second.table, second.gm, 'bo', { now });
    pushDoc(second.gm, first.gm);
    revealToken(first.table, first.gm, 'bo', { now });
    expect(first.gm.getMap(GM_MAPS.hiddenBackups).size).toBe(1);
    syncDevices(first, second);
    reconcileHidden(second.table, second.gm, { now });
    syncDevices(first, second);
    expect(whereIs(first, 'tokens', 'bo')).toBe('table');
    expect(first.gm.getMap(GM_MAPS.hiddenBackups).size).toBe(0);
  });

  it('are dropped by a reveal whose own table copy replaced the one the hide deletes', () => {
    const [first, second] = setUp();
    hideToken(first.table, first.gm, 'bo', { now });
    // The second device has the hide in its gm doc, not yet the deletion in its table doc: its
    // fresh table copy comes after the one the hide deletes, so that deletion cannot take it.
    pushDoc(first.gm, second.gm);
    revealToken(second.table, second.gm, 'bo', { now });
    expect(second.gm.getMap(GM_MAPS.hiddenBackups).size).toBe(0);
    syncDevices(first, second);
    expect(whereIs(first, 'tokens', 'bo')).toBe('table');
  });

  it('go with the record when a hidden record is deleted, so it is not restored', () => {
    const [first] = setUp();
    hideToken(first.table, first.gm, 'bo', { now });
    deleteHidden(first.table, first.gm, 'tokens', 'bo');
    expect(reconcileHidden(first.table, first.gm, { now }).moved).toEqual([]);
    expect(whereIs(first, 'tokens', 'bo')).toBe('neither');
    expect(first.gm.getMap(GM_MAPS.hiddenBackups).size).toBe(0);
    expect(hiddenStatus(first.gm, 'tokens', 'bo').hidden).toBe(false);
  });
});
