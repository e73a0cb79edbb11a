import type { Scene } from '@meshtable/schema';
import { useBoardFilesContext } from '../files/BoardFilesContext';
import { useImageSize } from '../files/useImageSize';

/**
 * Under the background picker: when the background's pixels are not the scene's size (the
 * backdrop then scales it to cover the scene, cropping it if their shapes differ), says so and
 * offers to make the scene the image's size, so a map's own grid can line up with the scene's.
 */
export function FitSceneToImage({
  scene,
  onFit,
}: {
  readonly scene: Scene;
  readonly onFit: (size: { width: number; height: number }) => void;
}) {
  const context = useBoardFilesContext();
  const size = useImageSize(context?.assets ?? null, scene.background);
  if (size === null || (size.width === scene.width && size.height === scene.height)) return null;
  // The backdrop scales the image to cover the scene: uniformly, and cropped if their shapes
  // differ (by more than a rounding pixel).
  const cropped =
    Math.abs(size.width / size.height - scene.width / scene.height) >
    1 / Math.min(size.height, scene.height);
  return (
    <div className="mt-fit-scene" data-testid="fit-scene">
      <p className="mt-hint">
        {cropped
          ? `The image is ${size.width} × ${size.height} px; the scene is ${scene.width} × ${scene.height} px, so the image is cropped to fill it.`
          : `The image is ${size.width} × ${size.height} px, scaled to the scene’s ${scene.width} × ${scene.height}.`}
      </p>
      <button
        type="button"
        className="mt-button"
        data-testid="fit-scene-to-image"
        onClick={() => onFit(size)}
      >
        Make the scene {size.width} × {size.height} px
      </button>
    </div>
  );
}
