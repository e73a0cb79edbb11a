import { describe, expect, it } from 'vitest';
import { AssetError } from './AssetError';
import { addToLibrary, readLibrary, setAssetShared, watchLibrary } from './assetIndex';
import { fakeAssetSession, GM_ID } from './testing/fakeAssetSession';

const record = (n: number, name: string) => ({
  sha256: String(n).repeat(64),
  name,
  type: 'png' as const,
  size: 10 * n,
  addedBy: GM_ID,
  addedAt: n,
});

describe('the asset index', () => {
  it('lists the GM’s assets newest first, and marks what the players see', () => {
    const session = fakeAssetSession();
    addToLibrary(session, record(1, 'Crypt.png'));
    addToLibrary(session, record(2, 'Goblin.png'));
    setAssetShared(session, record(1, '').sha256, true);
    expect(readLibrary(session).map((asset) => `${asset.name} ${asset.shared}`)).toEqual([
      'Goblin.png false',
      'Crypt.png true',
    ]);
    setAssetShared(session, record(1, '').sha256, false);
    expect(readLibrary(session).every((asset) => !asset.shared)).toBe(true);
  });

  it('shows a player only what was shared', () => {
    const gm = fakeAssetSession();
    addToLibrary(gm, record(1, 'Crypt.png'));
    addToLibrary(gm, record(2, 'Secret lair.png'));
    setAssetShared(gm, record(1, '').sha256, true);
    const player = fakeAssetSession({ role: 'player' });
    player.table.transact(() => {
      for (const [key, value] of gm.table.getMap('assets')) {
        player.table.getMap('assets').set(key, (value as { clone(): unknown }).clone());
      }
    });
    expect(readLibrary(player).map((asset) => asset.name)).toEqual(['Crypt.png']);
  });

  it('leaves out a record that does not fit its schema or its key', () => {
    const session = fakeAssetSession();
    session.gm?.getMap('assets').set('1'.repeat(64), { ...record(1, 'Ok.png') });
    session.gm?.getMap('assets').set('2'.repeat(64), { ...record(3, 'Wrong key.png') });
    session.table.getMap('assets').set('4'.repeat(64), { ...record(4, ''), type: 'svg' });
    expect(readLibrary(session).map((asset) => asset.name)).toEqual(['Ok.png']);
  });

  it('keeps the name an asset was first listed under', () => {
    const session = fakeAssetSession();
    addToLibrary(session, record(1, 'First.png'));
    addToLibrary(session, { ...record(1, 'Second.png'), addedAt: 9 });
    expect(readLibrary(session).map((asset) => asset.name)).toEqual(['First.png']);
  });

  it('tells a GM device that does not run the table that it cannot share', () => {
    const session = fakeAssetSession({ validating: false });
    addToLibrary(session, record(1, 'Crypt.png'));
    expect(() => setAssetShared(session, record(1, '').sha256, true)).toThrow(
      expect.objectContaining({ code: 'ASSET_NOT_VALIDATING' }),
    );
    const player = fakeAssetSession({ role: 'player' });
    expect(() => addToLibrary(player, record(1, 'Crypt.png'))).toThrow(AssetError);
  });

  it('hears of changes to either index', () => {
    const session = fakeAssetSession();
    let heard = 0;
    const stop = watchLibrary(session, () => heard++);
    addToLibrary(session, record(1, 'Crypt.png'));
    setAssetShared(session, record(1, '').sha256, true);
    stop();
    addToLibrary(session, record(2, 'Later.png'));
    expect(heard).toBe(2);
  });
});
