/**
 * The asset types the relay stores, recognised by their first bytes. The rules live in
 * @meshtable/schema, so that the web app checks a file by the very same rules before it uploads
 * it; the relay enforces them (receiveUpload.ts) and serves by them (downloadAsset.ts).
 */
export type { AssetTypeInfo, AssetTypeName, SniffResult } from '@meshtable/schema/relay';
export {
  ASSET_TYPES,
  MAX_JSON_LEADING_BYTES,
  MAX_SNIFF_BYTES,
  sniffAssetType,
} from '@meshtable/schema/relay';
