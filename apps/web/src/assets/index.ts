/**
 * The assets part of the web app, as the rest of the app uses it: the library panel, the upload
 * client, the map import and the offline copy. Everything else in this folder is internal.
 *
 * - A scene's background or a token's image from the library: `<AssetLibrary onPick={…} />`.
 * - A file dropped on the board: `uploadAsset(session, file, { accept: IMAGE_TYPES })`.
 * - The board's "Import map": `importUniversalVtt(session, file)`; `isMapFile(name)` tells a map
 *   from an image among dropped files.
 * - The picked image's preview: `thumbnailUrl(relayUrl, sha256)`.
 */
export type { AssetErrorCode } from './AssetError';
export { AssetError, formatBytes } from './AssetError';
export type { AssetLibraryProps } from './AssetLibrary';
export { AssetLibrary } from './AssetLibrary';
export type { AssetRelay, AssetSession } from './AssetSession';
export { ASSET_CACHE_NAME, loadAsset } from './assetCache';
export type { LibraryAsset } from './assetIndex';
export { readLibrary, setAssetShared, watchLibrary } from './assetIndex';
export { AUDIO_TYPES, IMAGE_TYPES, LIBRARY_TYPES } from './checkAssetFile';
export { assetUrl } from './relayTransport';
export { THUMBNAIL_WIDTH, thumbnailUrl } from './thumbnails';
export type {
  UploadAssetOptions,
  UploadedAsset,
  UploadPhase,
  UploadProgress,
} from './uploadAsset';
export { uploadAsset } from './uploadAsset';
export { isMapFile } from './useUploadQueue';
export type {
  ImportedMap,
  ImportPhase,
  ImportProgress,
  ImportUniversalVttOptions,
} from './uvtt/importUniversalVtt';
export { importUniversalVtt } from './uvtt/importUniversalVtt';
