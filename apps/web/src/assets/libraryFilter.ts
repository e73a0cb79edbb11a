/**
 * Which of the library's assets a search and a kind show: names matched word by word, ignoring
 * case and accents ("gob cave" finds "Goblin Cave.png"; "epee" finds "Épée.png").
 */
import type { AssetTypeName } from '@meshtable/schema';
import type { LibraryAsset } from './assetIndex';
import { AUDIO_TYPES, IMAGE_TYPES } from './checkAssetFile';

/** The kinds of asset the library can be narrowed to. */
export type LibraryKind = 'all' | 'image' | 'audio';

/** The types of each kind. */
export const KIND_TYPES: Readonly<Record<LibraryKind, readonly AssetTypeName[]>> = {
  all: [...IMAGE_TYPES, ...AUDIO_TYPES],
  image: IMAGE_TYPES,
  audio: AUDIO_TYPES,
};

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/** The assets of `kind` whose name holds every word of `query`, in the order given. */
export function filterLibrary(
  assets: readonly LibraryAsset[],
  query: string,
  kind: LibraryKind,
): LibraryAsset[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const types = KIND_TYPES[kind];
  return assets.filter((asset) => {
    if (!types.includes(asset.type)) return false;
    const name = fold(asset.name);
    return words.every((word) => name.includes(word));
  });
}
