/**
 * Draws the viewed scene's fog over the board, in scene pixels: opaque for players, translucent
 * for GMs (who see what lies under it), and the GM's edit being drawn as a dashed outline.
 *
 * One SVG mask does the work: it starts covered or clear (the last "cover all" or "reveal all"),
 * then paints each later edit in order, white where it hides and black where it reveals, so the
 * browser draws exactly the mask that FogMask.isFogged computes point by point.
 */
import type { FogEdit, Scene } from '@meshtable/schema';
import { useValue } from 'tldraw';
import type { FogPreview } from './fogDraft';
import type { FogMask } from './fogMask';

/** What the layer reads of the board's tools. */
export interface FogLayerHost {
  readonly fog: { get(): FogMask };
  readonly fogPreview: { get(): FogPreview | null };
  readonly view: { get(): { readonly scene: Scene | null; readonly isGm: boolean } };
}

/** The fog over the scene (nothing on a scene without fog). */
export function FogLayer({ host }: { host: FogLayerHost }) {
  const scene = useValue('mt fog scene', () => host.view.get().scene, [host]);
  const isGm = useValue('mt fog gm', () => host.view.get().isGm, [host]);
  const mask = useValue('mt fog mask', () => host.fog.get(), [host]);
  const preview = useValue('mt fog preview', () => host.fogPreview.get(), [host]);
  if (scene === null || (!mask.active && preview === null)) return null;
  const maskId = `mt-fog-mask-${scene.id}`;
  const painted = mask.edits.filter((edit) => edit.shape !== 'all');
  return (
    <svg
      className="mt-fog"
      data-testid="fog-layer"
      data-gm={isGm}
      data-edits={mask.edits.length}
      width={scene.width}
      height={scene.height}
      aria-hidden="true"
    >
      {mask.active && (
        <>
          <defs>
            <mask
              id={maskId}
              maskUnits="userSpaceOnUse"
              x={0}
              y={0}
              width={scene.width}
              height={scene.height}
            >
              <rect
                width={scene.width}
                height={scene.height}
                fill={mask.coveredBase ? 'white' : 'black'}
              />
              {painted.map((edit) => (
                <EditShape
                  key={edit.id}
                  edit={edit}
                  fill={edit.mode === 'hide' ? 'white' : 'black'}
                />
              ))}
            </mask>
          </defs>
          <rect
            className={isGm ? 'mt-fog__cover mt-fog__cover--gm' : 'mt-fog__cover'}
            width={scene.width}
            height={scene.height}
            mask={`url(#${maskId})`}
          />
        </>
      )}
      {preview !== null && <PreviewShape preview={preview} />}
    </svg>
  );
}

function points(list: readonly number[]): string {
  let text = '';
  for (let i = 0; i < list.length; i += 2) text += `${list[i]},${list[i + 1]} `;
  return text.trimEnd();
}

function EditShape({ edit, fill }: { edit: FogEdit; fill: string }) {
  switch (edit.shape) {
    case 'all':
      return null;
    case 'rect':
      return <rect x={edit.x} y={edit.y} width={edit.w} height={edit.h} fill={fill} />;
    case 'polygon':
      return <polygon points={points(edit.points)} fill={fill} fillRule="evenodd" />;
    case 'brush':
      return edit.points.length === 2 ? (
        <circle cx={edit.points[0]} cy={edit.points[1]} r={edit.radius} fill={fill} />
      ) : (
        <polyline
          points={points(edit.points)}
          fill="none"
          stroke={fill}
          strokeWidth={edit.radius * 2}
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      );
  }
}

function PreviewShape({ preview }: { preview: FogPreview }) {
  const className = `mt-fog__preview mt-fog__preview--${preview.mode}`;
  switch (preview.shape) {
    case 'rect':
      return (
        <rect
          className={className}
          x={Math.min(preview.from.x, preview.to.x)}
          y={Math.min(preview.from.y, preview.to.y)}
          width={Math.abs(preview.from.x - preview.to.x)}
          height={Math.abs(preview.from.y - preview.to.y)}
        />
      );
    case 'polygon': {
      const corners =
        preview.pointer === null ? preview.corners : [...preview.corners, preview.pointer];
      return <polygon className={className} points={points(corners.flatMap((p) => [p.x, p.y]))} />;
    }
    case 'brush':
      return (
        <polyline
          className={`${className} mt-fog__preview--brush`}
          points={points(preview.stroke.flatMap((p) => [p.x, p.y]))}
          strokeWidth={preview.radius * 2}
        />
      );
  }
}
