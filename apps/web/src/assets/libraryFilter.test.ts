import { describe, expect, it } from 'vitest';
import type { LibraryAsset } from './assetIndex';
import { filterLibrary } from './libraryFilter';
import { GM_ID } from './testing/fakeAssetSession';

const asset = (name: string, type: LibraryAsset['type']): LibraryAsset => ({
  sha256: 'a'.repeat(64),
  name,
  type,
  size: 1,
  addedBy: GM_ID,
  addedAt: 1,
  shared: false,
});
const assets = [
  asset('Goblin Cave.png', 'png'),
  asset('Épée.webp', 'webp'),
  asset('Cave drips.ogg', 'ogg'),
  asset('walls.json', 'json'),
];
const names = (found: LibraryAsset[]) => found.map((each) => each.name);

describe('filterLibrary', () => {
  it('matches every word of the search, ignoring case and accents', () => {
    expect(names(filterLibrary(assets, 'cave', 'all'))).toEqual([
      'Goblin Cave.png',
      'Cave drips.ogg',
    ]);
    expect(names(filterLibrary(assets, '  gob   CAVE ', 'all'))).toEqual(['Goblin Cave.png']);
    expect(names(filterLibrary(assets, 'epee', 'all'))).toEqual(['Épée.webp']);
    expect(names(filterLibrary(assets, 'dragon', 'all'))).toEqual([]);
  });

  it('narrows to images or audio, and never lists what is neither', () => {
    expect(names(filterLibrary(assets, '', 'image'))).toEqual(['Goblin Cave.png', 'Épée.webp']);
    expect(names(filterLibrary(assets, 'cave', 'audio'))).toEqual(['Cave drips.ogg']);
    expect(names(filterLibrary(assets, '', 'all'))).not.toContain('walls.json');
  });
});
