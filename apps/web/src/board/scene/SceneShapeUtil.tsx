import { type Geometry2d, Rectangle2d, ShapeUtil, SVGContainer, T } from 'tldraw';
import type { GridLayout } from '../grid/gridGeometry';
import { gridPatternTile } from '../grid/gridPattern';
import { SceneGeometryView } from './SceneGeometryView';
import { SCENE_SHAPE_TYPE, type SceneShape, type SceneShapeProps } from './sceneShape';

/**
 * The scene's backdrop: its background image (or a plain ground) at the scene's size, the grid
 * over it and the map's lights, walls and doors (SceneGeometryView.tsx), drawn under everything
 * else and locked for everyone. The grid is one SVG pattern (gridPattern.ts) with lines one
 * screen pixel wide at any zoom.
 */
export class SceneShapeUtil extends ShapeUtil<SceneShape> {
  static override type = SCENE_SHAPE_TYPE;
  static override props = {
    w: T.positiveNumber,
    h: T.positiveNumber,
    image: T.string,
    gridType: T.literalEnum('square', 'hexRows', 'hexColumns', 'none'),
    gridSize: T.positiveNumber,
    offsetX: T.number,
    offsetY: T.number,
    gridColor: T.string,
    geometry: T.string,
    walls: T.boolean,
  };

  override getDefaultProps(): SceneShapeProps {
    return {
      w: 1000,
      h: 1000,
      image: '',
      gridType: 'square',
      gridSize: 50,
      offsetX: 0,
      offsetY: 0,
      gridColor: '#000000',
      geometry: '',
      walls: false,
    };
  }

  override getGeometry(shape: SceneShape): Geometry2d {
    return new Rectangle2d({ width: shape.props.w, height: shape.props.h, isFilled: true });
  }

  override canResize() {
    return false;
  }
  override hideResizeHandles() {
    return true;
  }
  override hideRotateHandle() {
    return true;
  }
  override hideSelectionBoundsFg() {
    return true;
  }
  override canEdit() {
    return false;
  }
  override canBind() {
    return false;
  }
  override canSnap() {
    return false;
  }
  override canTabTo() {
    return false;
  }
  override canCull() {
    // The backdrop is always at least partly in view when anything is.
    return false;
  }
  override getAriaDescriptor() {
    return 'scene background';
  }

  component(shape: SceneShape) {
    const { w, h, image, gridType, gridSize, offsetX, offsetY, gridColor, geometry, walls } =
      shape.props;
    const layout: GridLayout = { type: gridType, size: gridSize, offsetX, offsetY };
    const tile = gridPatternTile(layout);
    const patternId = `mt-grid-${shape.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    return (
      <SVGContainer data-testid="scene-backdrop" data-grid={gridType}>
        <rect width={w} height={h} fill="#ece8df" />
        {image !== '' && (
          <image href={image} width={w} height={h} preserveAspectRatio="xMidYMid slice" />
        )}
        {tile !== null && (
          <>
            <defs>
              <pattern
                id={patternId}
                patternUnits="userSpaceOnUse"
                x={tile.x}
                y={tile.y}
                width={tile.width}
                height={tile.height}
              >
                <path
                  d={tile.path}
                  fill="none"
                  stroke={gridColor}
                  strokeOpacity={0.55}
                  // One screen pixel at any zoom (tldraw sets --tl-zoom on its container).
                  style={{ strokeWidth: 'calc(1px / var(--tl-zoom, 1))' }}
                />
              </pattern>
            </defs>
            <rect width={w} height={h} fill={`url(#${patternId})`} />
          </>
        )}
        {geometry !== '' && <SceneGeometryView url={geometry} w={w} h={h} walls={walls} />}
      </SVGContainer>
    );
  }

  override getIndicatorPath(shape: SceneShape) {
    const path = new Path2D();
    path.rect(0, 0, shape.props.w, shape.props.h);
    return path;
  }
}
