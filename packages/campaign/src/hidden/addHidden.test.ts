import { GM_MAPS, type Token } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import {
  bookkeeping,
  gmDevice,
  PlayerDevice,
  updatesDuring,
  whereIs,
} from '../testing/hiddenDevices';
import { sceneRecord, tokenRecord } from '../testing/records';
import { thrown } from '../testing/thrown';
import { addHiddenScene, addHiddenToken } from './addHidden';
import { deleteHidden } from './deleteHidden';
import { hideScene } from './hideRecords';
import { hiddenStatus } from './readHidden';
import { revealScene } from './revealRecords';

const now = () => 9;

describe('addHiddenToken and addHiddenScene', () => {
  it('write the gm doc alone, in one transaction, and nothing reaches a player', () => {
    const gm = gmDevice({ scenes: [sceneRecord('cellar')] });
    const player = new PlayerDevice();
    let gmWrites = 0;
    const tableWrites = updatesDuring(gm.table, () => {
      gmWrites = updatesDuring(gm.gm, () => {
        expect(
          addHiddenToken(gm.table, gm.gm, tokenRecord('ogre', 'cellar', { name: 'Hidden ogre' }), {
            now,
          }),
        ).toEqual({ hidden: true, own: true, withScene: null });
      });
    });
    expect([tableWrites, gmWrites]).toEqual([0, 1]);
    player.receiveFrom(gm.table);
    expect(player.everSaw('Hidden ogre')).toBe(false);
    expect(bookkeeping(gm.gm).hiddenOwn).toEqual({ 'tokens/ogre': 9 });
  });

  it('hide a token added to a hidden scene along with it, unless asked to hide it on its own', () => {
    const gm = gmDevice();
    addHiddenScene(gm.table, gm.gm, sceneRecord('crypt'), { now });
    expect(addHiddenToken(gm.table, gm.gm, tokenRecord('ghoul', 'crypt'), { now })).toEqual({
      hidden: true,
      own: false,
      withScene: 'crypt',
    });
    addHiddenToken(gm.table, gm.gm, tokenRecord('lurker', 'crypt'), { now, onItsOwn: true });
    // Preparing an encounter: revealing the crypt shows the ghoul, not the lurker.
    expect(revealScene(gm.table, gm.gm, 'crypt', { now })).toMatchObject({
      revealed: ['ghoul'],
      stillHidden: ['lurker'],
    });
    expect(whereIs(gm, 'scenes', 'crypt')).toBe('table');
  });

  it('hide a token added to a scene hidden by hideScene along with it', () => {
    const gm = gmDevice({ scenes: [sceneRecord('cellar')] });
    hideScene(gm.table, gm.gm, 'cellar', { now });
    expect(hiddenStatus(gm.gm, 'tokens', 'rat').hidden).toBe(false);
    addHiddenToken(gm.table, gm.gm, tokenRecord('rat', 'cellar'), { now });
    expect(hiddenStatus(gm.gm, 'tokens', 'rat').withScene).toBe('cellar');
  });

  it('refuse a record that breaks its schema with HIDDEN_INVALID_RECORD, writing nothing', () => {
    const gm = gmDevice();
    const token = { ...tokenRecord('ogre', 'cellar'), size: 0, extra: 1 } as unknown as Token;
    const error = thrown(() => addHiddenToken(gm.table, gm.gm, token));
    expect(error.code).toBe('HIDDEN_INVALID_RECORD');
    expect(error.message).toBe(
      'Cannot add the hidden token: size: Too small: expected number to be >0; (record): Unrecognized key: "extra".',
    );
    const scene = thrown(() =>
      addHiddenScene(gm.table, gm.gm, { ...sceneRecord('crypt'), name: '  ' }),
    );
    expect(scene.code).toBe('HIDDEN_INVALID_RECORD');
    expect(scene.message).toContain('Cannot add the hidden scene: name:');
    expect(gm.gm.getMap(GM_MAPS.tokens).size + gm.gm.getMap(GM_MAPS.scenes).size).toBe(0);
  });

  it('refuse an id either doc has already with HIDDEN_RECORD_EXISTS', () => {
    const gm = gmDevice({
      scenes: [sceneRecord('cellar')],
      tokens: [tokenRecord('rat', 'cellar')],
    });
    addHiddenToken(gm.table, gm.gm, tokenRecord('ogre', 'cellar'), { now });
    for (const id of ['rat', 'ogre']) {
      const error = thrown(() => addHiddenToken(gm.table, gm.gm, tokenRecord(id, 'cellar')));
      expect(error.code).toBe('HIDDEN_RECORD_EXISTS');
      expect(error.message).toBe(`Cannot add the hidden token: there is a token "${id}" already.`);
    }
    expect(thrown(() => addHiddenScene(gm.table, gm.gm, sceneRecord('cellar'))).code).toBe(
      'HIDDEN_RECORD_EXISTS',
    );
  });
});

describe('deleteHidden', () => {
  it('deletes a hidden record with its bookkeeping', () => {
    const gm = gmDevice();
    addHiddenScene(gm.table, gm.gm, sceneRecord('crypt'), { now });
    addHiddenToken(gm.table, gm.gm, tokenRecord('ghoul', 'crypt'), { now });
    deleteHidden(gm.table, gm.gm, 'tokens', 'ghoul');
    expect(whereIs(gm, 'tokens', 'ghoul')).toBe('neither');
    expect(bookkeeping(gm.gm)).toEqual({
      hiddenOwn: { 'scenes/crypt': 9 },
      hiddenWithScene: {},
      revealing: {},
    });
  });

  it('refuses a shown or unknown record with HIDDEN_NO_SUCH_RECORD', () => {
    const gm = gmDevice({ tokens: [tokenRecord('rat', 'cellar')] });
    for (const id of ['rat', 'ghost']) {
      const error = thrown(() => deleteHidden(gm.table, gm.gm, 'tokens', id));
      expect(error.code).toBe('HIDDEN_NO_SUCH_RECORD');
      expect(error.message).toBe(`There is no hidden token "${id}".`);
    }
    expect(whereIs(gm, 'tokens', 'rat')).toBe('table');
  });
});
