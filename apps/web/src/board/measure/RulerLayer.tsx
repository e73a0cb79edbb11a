/**
 * Draws rulers on the board in scene pixels: this viewer's and everyone else's on the same scene
 * (from awareness), each in its owner's colour, with a dot at every waypoint, the length of each
 * leg beside it when there are several, and the total at its end, counted by the scene's grid
 * and the game system's diagonal rule (measurePath.ts).
 */
import type { Scene } from '@meshtable/schema';
import { useValue } from 'tldraw';
import type { Point } from '../grid/gridGeometry';
import type { DrawnRuler } from '../presence/drawnTypes';
import type { DiagonalRule } from './diagonalRule';
import { formatDistance, measurePath } from './measurePath';

/** What the layer reads of the board's tools. */
export interface RulerLayerHost {
  readonly view: { get(): { readonly scene: Scene | null } };
  drawnRulers(): DrawnRuler[];
  diagonalRule(): DiagonalRule;
}

/** The rulers on the viewed scene. */
export function RulerLayer({ host }: { host: RulerLayerHost }) {
  const scene = useValue('mt ruler scene', () => host.view.get().scene, [host]);
  const rulers = useValue('mt rulers', () => host.drawnRulers(), [host]);
  if (scene === null || rulers.length === 0) return null;
  const rule = host.diagonalRule();
  return (
    <svg className="mt-rulers" width={scene.width} height={scene.height} aria-hidden="true">
      {rulers.map((ruler) => {
        const measure = measurePath(scene.grid, rule, ruler.points);
        const end = ruler.points[ruler.points.length - 1] as Point;
        const total = formatDistance(measure.distance, measure.units);
        const line = ruler.points.map((p) => `${p.x},${p.y}`).join(' ');
        return (
          <g
            key={ruler.key}
            className="mt-ruler"
            data-testid="ruler"
            data-mine={ruler.mine}
            data-name={ruler.name}
            data-distance={total}
            style={{ color: ruler.color }}
          >
            <polyline className="mt-ruler__halo" points={line} />
            <polyline className="mt-ruler__line" points={line} />
            {ruler.points.map((p, i) => (
              // Points may repeat (a waypoint clicked twice); their order is their identity.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <circle key={i} className="mt-ruler__dot" cx={p.x} cy={p.y} />
            ))}
            {measure.segments.length > 1 &&
              measure.segments.map((segment, i) => (
                <RulerLabel
                  // biome-ignore lint/suspicious/noArrayIndexKey: legs are in path order
                  key={i}
                  at={{
                    x: (segment.from.x + segment.to.x) / 2,
                    y: (segment.from.y + segment.to.y) / 2,
                  }}
                  text={formatDistance(segment.distance, measure.units)}
                  small
                />
              ))}
            <RulerLabel at={end} text={ruler.mine ? total : `${total} · ${ruler.name}`} />
          </g>
        );
      })}
    </svg>
  );
}

/** A label that keeps its size on the screen whatever the zoom. */
function RulerLabel({ at, text, small = false }: { at: Point; text: string; small?: boolean }) {
  return (
    <g transform={`translate(${at.x} ${at.y})`}>
      <g className={small ? 'mt-ruler__label mt-ruler__label--small' : 'mt-ruler__label'}>
        <text className="mt-ruler__label-halo">{text}</text>
        <text className="mt-ruler__label-text">{text}</text>
      </g>
    </g>
  );
}
