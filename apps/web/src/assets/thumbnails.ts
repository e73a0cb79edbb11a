/**
 * Small copies of the library's images. A map can be 8,000 pixels across: a page that showed
 * each map at full size in a tile would hold gigabytes of decoded pixels. Each image is decoded
 * once, scaled down to {@link THUMBNAIL_WIDTH} pixels wide and kept as a small WebP for the
 * page's life, so scrolling and searching the library costs nothing more.
 */
import { loadAsset } from './assetCache';

/** The width of a thumbnail, pixels (twice a tile's width, for sharp screens). */
export const THUMBNAIL_WIDTH = 256;

const made = new Map<string, Promise<string>>();

/**
 * A `blob:` URL of the asset's thumbnail, made once per page.
 * @throws AssetError when the asset cannot be loaded; Error when its bytes are not an image
 *   the browser can decode
 */
export function thumbnailUrl(relayUrl: string, sha256: string): Promise<string> {
  const known = made.get(sha256);
  if (known !== undefined) return known;
  const making = makeThumbnail(relayUrl, sha256);
  made.set(sha256, making);
  // A failure is not kept: the next tile that asks tries again (the relay may be back).
  making.catch(() => made.delete(sha256));
  return making;
}

async function makeThumbnail(relayUrl: string, sha256: string): Promise<string> {
  const blob = await loadAsset(relayUrl, sha256);
  const bitmap = await createImageBitmap(blob, {
    resizeWidth: THUMBNAIL_WIDTH,
    resizeQuality: 'medium',
  });
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('This browser cannot draw thumbnails.');
    context.drawImage(bitmap, 0, 0);
    return URL.createObjectURL(await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 }));
  } finally {
    bitmap.close();
  }
}
