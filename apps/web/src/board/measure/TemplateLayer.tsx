/**
 * Draws area templates on the board in scene pixels: those a GM kept, this viewer's, and those
 * others are placing (from awareness), each in its placer's colour, with the cells it covers
 * shaded (templateCoverage.ts: a cell whose centre is inside) and its size written at its origin.
 */
import type { Grid, Scene, TemplateShape } from '@meshtable/schema';
import { useValue } from 'tldraw';
import { type Cell, cellCentre, hexRadius } from '../grid/gridGeometry';
import type { DrawnTemplate } from '../presence/drawnTypes';
import { coveredCells } from './templateCoverage';
import { describeTemplate } from './templateDraft';
import { templateCorners } from './templateGeometry';

/** The most covered cells shaded one by one; a larger template shows its outline only. */
const MAX_SHADED_CELLS = 600;

/** What the layer reads of the board's tools. */
export interface TemplateLayerHost {
  readonly view: { get(): { readonly scene: Scene | null } };
  /** Every template on the viewed scene, in drawing order. */
  drawnTemplates(): DrawnTemplate[];
}

/** The templates on the viewed scene. */
export function TemplateLayer({ host }: { host: TemplateLayerHost }) {
  const scene = useValue('mt template scene', () => host.view.get().scene, [host]);
  const templates = useValue('mt templates', () => host.drawnTemplates(), [host]);
  if (scene === null || templates.length === 0) return null;
  return (
    <svg className="mt-templates" width={scene.width} height={scene.height} aria-hidden="true">
      {templates.map((template) => (
        <TemplateShapeView key={template.key} template={template} grid={scene.grid} />
      ))}
    </svg>
  );
}

function TemplateShapeView({ template, grid }: { template: DrawnTemplate; grid: Grid }) {
  const { shape, color } = template;
  const cells = coveredCells(shape, grid, MAX_SHADED_CELLS);
  const label = describeTemplate(shape, grid);
  return (
    <g
      className="mt-template"
      data-testid="template"
      data-kind={shape.kind}
      data-kept={template.kept}
      data-by={template.by ?? ''}
      data-label={label}
      style={{ color }}
    >
      {cells?.map((cell) => (
        <CellShape key={`${cell.col},${cell.row}`} grid={grid} cell={cell} />
      ))}
      {shape.kind === 'circle' ? (
        <circle className="mt-template__outline" cx={shape.x} cy={shape.y} r={shape.radius} />
      ) : (
        <polygon
          className="mt-template__outline"
          points={templateCorners(shape)
            .map((p) => `${p.x},${p.y}`)
            .join(' ')}
        />
      )}
      <circle className="mt-template__origin" cx={shape.x} cy={shape.y} />
      <text className="mt-template__label" x={labelAt(shape).x} y={labelAt(shape).y}>
        {label}
      </text>
    </g>
  );
}

/** Where a template's size is written: its middle (a line's or a cone's along its axis). */
function labelAt(shape: TemplateShape): { x: number; y: number } {
  if (shape.kind === 'circle' || shape.kind === 'square') return { x: shape.x, y: shape.y };
  const along = shape.kind === 'line' ? shape.length / 2 : (shape.length * 2) / 3;
  const radians = (shape.direction * Math.PI) / 180;
  return { x: shape.x + along * Math.cos(radians), y: shape.y + along * Math.sin(radians) };
}

/** One covered cell: a square, or a hex of the grid's orientation. */
function CellShape({ grid, cell }: { grid: Grid; cell: Cell }) {
  const centre = cellCentre(grid, cell);
  if (centre === null) return null;
  if (grid.type === 'square') {
    return (
      <rect
        className="mt-template__cell"
        x={centre.x - grid.size / 2}
        y={centre.y - grid.size / 2}
        width={grid.size}
        height={grid.size}
      />
    );
  }
  const r = hexRadius(grid.size);
  // Pointy-top hexes (rows) have a corner straight up; flat-top ones (columns) a side.
  const start = grid.type === 'hexRows' ? -90 : 0;
  const corners = Array.from({ length: 6 }, (_, i) => {
    const angle = ((start + 60 * i) * Math.PI) / 180;
    return `${centre.x + r * Math.cos(angle)},${centre.y + r * Math.sin(angle)}`;
  });
  return <polygon className="mt-template__cell" points={corners.join(' ')} />;
}
