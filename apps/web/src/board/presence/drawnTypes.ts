/**
 * What the board tools' layers draw, as the tools hand it to them: rulers, templates and
 * cursors, each with its owner's name and colour (members' names, drawn as text).
 */
import type { TemplateShape } from '@meshtable/schema';
import type { Point } from '../grid/gridGeometry';

/** A ruler to draw (measure/RulerLayer.tsx). */
export interface DrawnRuler {
  readonly key: string;
  readonly points: readonly Point[];
  readonly color: string;
  readonly name: string;
  readonly mine: boolean;
}

/** A template to draw (measure/TemplateLayer.tsx). */
export interface DrawnTemplate {
  readonly key: string;
  readonly shape: TemplateShape;
  readonly color: string;
  /** Who placed it, for a transient one; null for a kept one. */
  readonly by: string | null;
  readonly kept: boolean;
}

/** Another member's cursor to draw (PresenceLayers.tsx). */
export interface DrawnCursor {
  readonly key: string;
  readonly x: number;
  readonly y: number;
  readonly name: string;
  readonly color: string;
  /** When it last moved, by this device's clock. */
  readonly movedAt: number;
}
