import { GM_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { gmDevice } from '../testing/hiddenDevices';
import { sceneRecord, tokenRecord } from '../testing/records';
import { hideScene, hideToken } from './hideRecords';
import {
  hiddenStatus,
  isHidden,
  listHiddenScenes,
  listHiddenTokens,
  readHiddenScene,
  readHiddenToken,
} from './readHidden';

const now = () => 4;

function device() {
  const gm = gmDevice({
    scenes: [sceneRecord('cellar'), sceneRecord('hall')],
    tokens: [tokenRecord('rat', 'cellar'), tokenRecord('ana', 'cellar'), tokenRecord('bo', 'hall')],
  });
  hideScene(gm.table, gm.gm, 'cellar', { now });
  hideToken(gm.table, gm.gm, 'bo', { now });
  return gm;
}

describe('reading hidden records', () => {
  it('lists hidden scenes, and hidden tokens of one scene or of all', () => {
    const gm = device();
    expect(listHiddenScenes(gm.gm)).toEqual([sceneRecord('cellar')]);
    expect(listHiddenTokens(gm.gm, 'cellar')).toEqual([
      tokenRecord('ana', 'cellar'),
      tokenRecord('rat', 'cellar'),
    ]);
    expect(listHiddenTokens(gm.gm).map((token) => token.id)).toEqual(['ana', 'bo', 'rat']);
    expect(listHiddenTokens(gm.gm, 'hall').map((token) => token.id)).toEqual(['bo']);
    expect(readHiddenToken(gm.gm, 'bo')).toEqual(tokenRecord('bo', 'hall'));
    expect(readHiddenScene(gm.gm, 'cellar')).toEqual(sceneRecord('cellar'));
    expect(readHiddenScene(gm.gm, 'hall')).toBeUndefined();
  });

  it('says whether a record is hidden and why', () => {
    const gm = device();
    expect(isHidden(gm.gm, 'scenes', 'cellar')).toBe(true);
    expect(isHidden(gm.gm, 'scenes', 'hall')).toBe(false);
    expect(isHidden(gm.gm, 'tokens', 'nobody')).toBe(false);
    expect(hiddenStatus(gm.gm, 'tokens', 'bo')).toEqual({
      hidden: true,
      own: true,
      withScene: null,
    });
    expect(hiddenStatus(gm.gm, 'tokens', 'rat')).toEqual({
      hidden: true,
      own: false,
      withScene: 'cellar',
    });
  });

  it('leaves out a malformed hidden record and reports it', () => {
    const gm = device();
    (gm.gm.getMap(GM_MAPS.tokens).get('rat') as Y.Map<unknown>).set('rotation', 'left');
    const problems: string[] = [];
    const tokens = listHiddenTokens(gm.gm, 'cellar', (collection, id, problem) =>
      problems.push(`${collection} ${id} ${problem}`),
    );
    expect(tokens.map((token) => token.id)).toEqual(['ana']);
    expect(problems).toEqual([
      'tokens rat rotation: Invalid input: expected number, received string',
    ]);
    expect(readHiddenToken(gm.gm, 'rat')).toBeUndefined();
    // Malformed, it is still hidden: it never goes to the table doc that way.
    expect(isHidden(gm.gm, 'tokens', 'rat')).toBe(true);
  });
});
