/**
 * A scene's walls, doors and lights on its backdrop (SceneShapeUtil.tsx), read from the scene's
 * geometry asset (a Universal VTT import's walls, packages/schema sceneGeometry.ts).
 *
 * Lights glow for everyone (unless the map's image shows them already): they are part of the
 * map's look. Walls and doors are drawn for GMs only, thin at any zoom: they are the GM's plan of
 * the map, and on players' screens they would only hide the picture.
 */
import { sceneGeometrySchema } from '@meshtable/schema';
import { useEffect, useState } from 'react';
import { type GeometryPaths, geometryPaths } from './sceneGeometryPaths';

/**
 * Geometry already fetched and checked, by URL: every pan or zoom draws the backdrop again, and
 * an asset's bytes never change (its URL names its SHA-256).
 */
const loaded = new Map<string, GeometryPaths | null>();

/** The geometry at `url`, or null while loading or when it cannot be read (then nothing is drawn). */
function useGeometry(url: string): GeometryPaths | null {
  const [paths, setPaths] = useState(() => loaded.get(url) ?? null);
  useEffect(() => {
    if (url === '') return setPaths(null);
    if (loaded.has(url)) return setPaths(loaded.get(url) ?? null);
    let current = true;
    void (async () => {
      let result: GeometryPaths | null = null;
      try {
        const response = await fetch(url);
        const parsed = sceneGeometrySchema.safeParse(await response.json());
        if (parsed.success) result = geometryPaths(parsed.data);
        else console.warn('meshtable board: a scene geometry that does not read', parsed.error);
      } catch (error) {
        // Offline with the asset not cached yet, say: the map shows without its walls.
        console.warn('meshtable board: a scene geometry that cannot be fetched', error);
      }
      loaded.set(url, result);
      if (current) setPaths(result);
    })();
    return () => {
      current = false;
    };
  }, [url]);
  return paths;
}

/** Props of {@link SceneGeometryView}. */
export interface SceneGeometryViewProps {
  /** The geometry asset's URL. */
  readonly url: string;
  /** The scene's size: the geometry is scaled from the frame it was made in. */
  readonly w: number;
  readonly h: number;
  /** Whether to draw walls and doors (GMs). */
  readonly walls: boolean;
}

/** The lights, and for GMs the walls and doors, in the backdrop's SVG. */
export function SceneGeometryView({ url, w, h, walls }: SceneGeometryViewProps) {
  const paths = useGeometry(url);
  if (paths === null) return null;
  const line = (px: number) => ({ strokeWidth: `calc(${px}px / var(--tl-zoom, 1))` });
  return (
    <g transform={`scale(${w / paths.width} ${h / paths.height})`} data-testid="scene-geometry">
      {paths.lights.length > 0 && (
        <g data-testid="scene-lights" style={{ mixBlendMode: 'screen' }}>
          {paths.lights.map((light, index) => {
            const id = `mt-light-${index}`;
            return (
              // A light's place in the map's list is its identity.
              // biome-ignore lint/suspicious/noArrayIndexKey: lights have no id
              <g key={index}>
                <defs>
                  <radialGradient id={id}>
                    <stop offset="0" stopColor={light.color} stopOpacity={0.55 * light.alpha} />
                    <stop offset="1" stopColor={light.color} stopOpacity={0} />
                  </radialGradient>
                </defs>
                <circle cx={light.x} cy={light.y} r={light.range} fill={`url(#${id})`} />
              </g>
            );
          })}
        </g>
      )}
      {walls && (
        <g data-testid="scene-walls" fill="none" strokeLinecap="round" strokeLinejoin="round">
          <path d={paths.objectWalls} stroke="#8e24aa" strokeDasharray="6 4" style={line(2)} />
          <path d={paths.walls} stroke="#d32f2f" style={line(2.5)} />
          <path d={paths.doors} stroke="#ef6c00" style={line(4)} />
        </g>
      )}
    </g>
  );
}
