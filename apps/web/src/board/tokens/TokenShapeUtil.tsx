import {
  type Geometry2d,
  HTMLContainer,
  Rectangle2d,
  ShapeUtil,
  stopEventPropagation,
  T,
  type TLShapePartial,
  useEditor,
  useValue,
} from 'tldraw';
import type { Point } from '../grid/gridGeometry';
import { barFill, MAX_TOKEN_BARS } from './tokenBars';
import { tokenBehaviour } from './tokenBehaviour';
import { isTokenDetailed, MAX_CONDITION_MARKERS, tokenMetrics } from './tokenMetrics';
import {
  drawnInDom,
  initials,
  recordCorner,
  shapeOrigin,
  TOKEN_SHAPE_TYPE,
  type TokenShape,
  type TokenShapeProps,
  toDegrees,
} from './tokenShape';
import './tokens.css';

/**
 * Tokens on the campaign board: an image (or initials) in a ring of the owner's colour, a name
 * label, up to two bars and condition markers. Their props come from the campaign's records
 * (tokenShape.ts); what a drag or a turn does is the board's call (tokenBehaviour.ts). They
 * snap to the grid while dragged, never resize, and turn only for GMs.
 */
export class TokenShapeUtil extends ShapeUtil<TokenShape> {
  static override type = TOKEN_SHAPE_TYPE;
  static override props = {
    tokenId: T.string,
    w: T.positiveNumber,
    name: T.string,
    image: T.string,
    bars: T.arrayOf(T.object({ value: T.number, max: T.number, color: T.string })),
    conditions: T.arrayOf(T.string),
    ownerColor: T.string,
    movable: T.boolean,
    hidden: T.boolean,
    pending: T.boolean,
    rejection: T.string,
    turn: T.boolean,
  };

  override getDefaultProps(): TokenShapeProps {
    return {
      tokenId: '',
      w: 50,
      name: '',
      image: '',
      bars: [],
      conditions: [],
      ownerColor: '',
      movable: false,
      hidden: false,
      pending: false,
      rejection: '',
      turn: false,
    };
  }

  override getGeometry(shape: TokenShape): Geometry2d {
    return new Rectangle2d({ width: shape.props.w, height: shape.props.w, isFilled: true });
  }

  override canResize() {
    return false;
  }
  override hideResizeHandles() {
    return true;
  }
  override isAspectRatioLocked() {
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
  override hideRotateHandle(shape: TokenShape) {
    return tokenBehaviour(this.editor)?.canRotate(shape.props.tokenId) !== true;
  }

  override getAriaDescriptor(shape: TokenShape) {
    const { name, hidden, movable, conditions, turn } = shape.props;
    const parts = [`token ${name}`];
    if (turn) parts.push('their turn');
    if (hidden) parts.push('hidden from players');
    if (!movable) parts.push('locked');
    if (conditions.length > 0) parts.push(conditions.join(', '));
    return parts.join(', ');
  }

  /** Snaps to the grid as it is dragged, so the token jumps from cell to cell. */
  override onTranslate(_initial: TokenShape, current: TokenShape) {
    return this.#snapped(current);
  }

  override onTranslateEnd(initial: TokenShape, current: TokenShape) {
    const behaviour = tokenBehaviour(this.editor);
    if (behaviour === undefined) return;
    const side = current.props.w;
    // The record gets the snapped corner itself, not one read back from the shape (which a
    // rotation would blur by a rounding error, enough to count as one more cell).
    const to = roundCorner(behaviour.snap(recordCorner(current, side, current.rotation), side));
    const from = roundCorner(recordCorner(initial, side, initial.rotation));
    if (from.x !== to.x || from.y !== to.y) behaviour.moved(current.props.tokenId, to);
    return this.#snapped(current);
  }

  override onRotateEnd(initial: TokenShape, current: TokenShape) {
    if (initial.rotation === current.rotation) return;
    tokenBehaviour(this.editor)?.rotated(current.props.tokenId, toDegrees(current.rotation));
  }

  component(shape: TokenShape) {
    return <TokenView shape={shape} onDismiss={(id) => this.#dismiss(id)} />;
  }

  override getIndicatorPath(shape: TokenShape) {
    const r = shape.props.w / 2;
    const path = new Path2D();
    path.arc(r, r, r, 0, 2 * Math.PI);
    return path;
  }

  #dismiss(tokenId: string) {
    tokenBehaviour(this.editor)?.dismissRejection(tokenId);
  }

  /** The shape moved so its token sits on the grid, or undefined when it already does. */
  #snapped(shape: TokenShape): TLShapePartial<TokenShape> | undefined {
    const behaviour = tokenBehaviour(this.editor);
    if (behaviour === undefined) return undefined;
    const side = shape.props.w;
    const corner = recordCorner(shape, side, shape.rotation);
    const snapped = behaviour.snap(corner, side);
    const origin = shapeOrigin(snapped, side, shape.rotation);
    if (Math.abs(origin.x - shape.x) < 1e-6 && Math.abs(origin.y - shape.y) < 1e-6)
      return undefined;
    return { id: shape.id, type: shape.type, x: origin.x, y: origin.y };
  }
}

/** A corner to a thousandth of a pixel: what a rotation's rounding errors leave is dropped. */
function roundCorner(corner: Point): Point {
  return { x: Math.round(corner.x * 1000) / 1000, y: Math.round(corner.y * 1000) / 1000 };
}

function TokenView({
  shape,
  onDismiss,
}: {
  shape: TokenShape;
  onDismiss: (tokenId: string) => void;
}) {
  const {
    w,
    name,
    image,
    bars,
    conditions,
    ownerColor,
    movable,
    hidden,
    pending,
    rejection,
    turn,
  } = shape.props;
  const editor = useEditor();
  // A boolean, so tokens draw again only when the zoom crosses the threshold, not on every step.
  const detailed = useValue('token detail', () => isTokenDetailed(w, editor.getZoomLevel()), [
    editor,
    w,
  ]);
  // Page units: these scale with the zoom, like the token.
  const { ring, label, bar: barHeight } = tokenMetrics(w);
  const shown = conditions.slice(0, MAX_CONDITION_MARKERS);
  const more = conditions.length - shown.length;
  return (
    <HTMLContainer
      className="mt-token"
      data-testid="token"
      data-token-id={shape.props.tokenId}
      data-pending={pending}
      data-hidden={hidden}
      data-movable={movable}
      data-rejected={rejection !== ''}
      data-turn={turn}
      data-detailed={detailed}
      // Shown (tokens.css) only while the token layer's canvas leaves this token to its DOM.
      data-in-dom={drawnInDom(shape.props)}
      style={{ width: w, height: w, fontSize: label }}
    >
      {/* Whose turn it is (combat): a glowing ring around the disc, under everything else. */}
      {turn && <div className="mt-token-turn" style={{ inset: -ring * 1.5, borderWidth: ring }} />}
      <div
        className="mt-token-disc"
        title={detailed ? undefined : name}
        style={{
          borderWidth: ring,
          borderColor: ownerColor || undefined,
          borderStyle: pending ? 'dashed' : 'solid',
        }}
      >
        {image === '' ? (
          <span className="mt-token-initials" style={{ fontSize: w * 0.36 }}>
            {initials(name)}
          </span>
        ) : (
          <img className="mt-token-image" src={image} alt="" draggable={false} />
        )}
      </div>
      {detailed && bars.length > 0 && (
        <div className="mt-token-bars">
          {bars.slice(0, MAX_TOKEN_BARS).map((bar, index) => (
            <div
              // Bars have no identity beyond their place.
              // biome-ignore lint/suspicious/noArrayIndexKey: a bar's place is its identity
              key={index}
              className="mt-token-bar"
              style={{ height: barHeight }}
              title={`${bar.value} / ${bar.max}`}
            >
              <div
                className="mt-token-bar-fill"
                style={{ width: `${barFill(bar) * 100}%`, background: bar.color }}
              />
            </div>
          ))}
        </div>
      )}
      {detailed && shown.length > 0 && (
        <ul className="mt-token-conditions" aria-label="conditions">
          {shown.map((condition) => (
            <li key={condition} title={condition}>
              {[...condition].slice(0, 2).join('')}
            </li>
          ))}
          {more > 0 && <li title={conditions.slice(shown.length).join(', ')}>+{more}</li>}
        </ul>
      )}
      {detailed && hidden && (
        <span className="mt-token-badge mt-token-hidden" title="Hidden from the players">
          hidden
        </span>
      )}
      {detailed && !movable && (
        <span className="mt-token-lock" title="You cannot move this token" aria-hidden>
          <LockIcon />
        </span>
      )}
      {(detailed || pending) && (
        <div className="mt-token-label" title={name}>
          <span className="mt-token-name">{name}</span>
          {pending && <span className="mt-token-pending"> · moving…</span>}
        </div>
      )}
      {rejection !== '' && (
        <div className="mt-token-rejection" role="alert">
          <span>{rejection}</span>
          <button
            type="button"
            aria-label="Dismiss"
            onPointerDown={stopEventPropagation}
            onClick={() => onDismiss(shape.props.tokenId)}
          >
            ×
          </button>
        </div>
      )}
    </HTMLContainer>
  );
}

function LockIcon() {
  return (
    <svg width="1em" height="1em" viewBox="0 0 16 16" aria-hidden="true">
      <rect x="3" y="7" width="10" height="8" rx="1.5" fill="currentColor" />
      <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.8" />
    </svg>
  );
}
