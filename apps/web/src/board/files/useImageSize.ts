import { useEffect, useState } from 'react';
import { type AssetSession, loadAsset } from '../../assets';

/** An image's size in pixels. */
export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The pixel size of an image asset (read through the asset cache, decoded once), or null while
 * it loads, when there is none, or when it cannot be read.
 */
export function useImageSize(
  session: AssetSession | null,
  sha256: string | null,
): ImageSize | null {
  const [size, setSize] = useState<ImageSize | null>(null);
  const relayUrl = session?.assetRelay.url ?? null;
  useEffect(() => {
    setSize(null);
    if (relayUrl === null || sha256 === null) return;
    let live = true;
    loadAsset(relayUrl, sha256)
      .then((blob) => createImageBitmap(blob))
      .then(
        (bitmap) => {
          if (live) setSize({ width: bitmap.width, height: bitmap.height });
          bitmap.close();
        },
        // No size, no offer to fit: the picker's preview says the image cannot be shown.
        () => {},
      );
    return () => {
      live = false;
    };
  }, [relayUrl, sha256]);
  return size;
}
